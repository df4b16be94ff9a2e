"""The app as gunicorn serves it in the load benchmark, plus the two baselines (bench/urls.py)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "songlo.settings")

from django.conf import settings
from django.core.wsgi import get_wsgi_application

settings.ROOT_URLCONF = "bench.urls"
# The pages are measured without their static files (Locust fetches only the HTML), so the
# manifest storage is not needed; `collectstatic` on main currently stops on a missing
# chart.js source map, which must not stop the benchmark.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
application = get_wsgi_application()
