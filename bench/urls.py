"""The project's URLs plus the load benchmark's baselines; served only by bench/wsgi.py.

- ``/bench/admin/``: a stock Django admin of the reviews, "what a team gets for free", used
  when the project's own admin does not register reviews.
- ``/bench/sql/period/<pk>/``: the raw SQL that fetches the rows the period dashboard shows,
  through the same HTTP stack: the floor.
- ``/bench/bare/``: a bare page in the base template (navigation, bell), behind login, through
  the same middleware: the floor every page's CPU and SQL time is compared with (bench/queries.py).
"""

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import path

from campaigns.models import Review
from songlo.urls import urlpatterns as project_urlpatterns

bench_admin = admin.AdminSite(name="benchadmin")


class StockReviewAdmin(admin.ModelAdmin):
    list_display = ("unit", "period", "status", "submitted_at", "is_late")
    list_filter = ("status",)
    list_per_page = 50


bench_admin.register(Review, StockReviewAdmin)

PERIOD_ROWS_SQL = """
SELECT r.id, u.code, u.name, r.status, r.submitted_at, r.is_late,
       COALESCE(r.extended_deadline, p.deadline) AS deadline
FROM campaigns_review r
JOIN organisation_orgunit u ON u.id = r.unit_id
JOIN campaigns_reviewperiod p ON p.id = r.period_id
WHERE r.period_id = %s
ORDER BY u.path
LIMIT 50
"""
PERIOD_COUNTS_SQL = "SELECT status, COUNT(*) FROM campaigns_review WHERE period_id = %s GROUP BY status"


def period_rows(request, pk):
    with connection.cursor() as cursor:
        cursor.execute(PERIOD_COUNTS_SQL, [pk])
        counts = dict(cursor.fetchall())
        cursor.execute(PERIOD_ROWS_SQL, [pk])
        rows = cursor.fetchall()
    return JsonResponse({"counts": counts, "rows": rows}, json_dumps_params={"default": str})


@login_required
def bare_page(request):
    return render(request, "bench/bare.html")


urlpatterns = [
    path("bench/bare/", bare_page, name="bench_bare"),
    path("bench/admin/", bench_admin.urls),
    path("bench/sql/period/<int:pk>/", period_rows, name="bench_period_rows"),
    *project_urlpatterns,
]
