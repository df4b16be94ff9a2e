from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from campaigns import views as campaign_views
from council import urls as council_urls
from organisation import views as organisation_views
from songlo import views

admin.site.site_header = _("Quản trị Songlo")
admin.site.site_title = _("Songlo")
admin.site.index_title = _("Quản trị hệ thống")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Browsers and bookmarks still ask for /favicon.ico.
    path("favicon.ico", views.favicon),
    path("search/", views.search, name="search"),
    path("choose/<slug:name>/", views.choose, name="choose"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Document templates moved from the council to organisation (issue 13): old admin links still work.
    path(
        "admin/council/documenttemplate/",
        RedirectView.as_view(pattern_name="admin:organisation_documenttemplate_changelist", permanent=True),
    ),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("profile/", organisation_views.profile, name="profile"),
    path("", include("organisation.urls")),
    path("", campaign_views.home, name="home"),
    path("", include("campaigns.urls")),
    path("awards/", include("awards.urls")),
    path("council/", include("council.urls")),
    path("reports/", include("reports.urls")),
    path("", council_urls.public),
]

handler403 = "songlo.views.error_403"
handler404 = "songlo.views.error_404"
handler500 = "songlo.views.error_500"
