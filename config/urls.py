"""URL wiring: each app owns its own urls module."""

from django.contrib import admin
from django.urls import include, path

from motcua.core.views import healthz

admin.site.site_header = "motcua – Quản trị hệ thống Một cửa điện tử"
admin.site.site_title = "motcua"
admin.site.index_title = "Quản trị"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("motcua.api.urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("motcua.accounts.urls")),
    path("backoffice/bao-cao/", include("motcua.reports.urls")),
    path("backoffice/canh-bao/", include("motcua.notifications.urls")),
    path("backoffice/", include("motcua.backoffice.urls")),
    path("xep-hang/", include("motcua.tickets.urls")),
    path("quay/danh-gia/", include("motcua.ratings.urls")),
    path("", include("motcua.portal.urls")),
]
