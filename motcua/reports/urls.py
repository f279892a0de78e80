"""Statistics pages of the back office."""

from django.urls import path

from motcua.reports import views, views_dashboards

app_name = "reports"

urlpatterns = [
    path("", views.report_page, name="report"),
    path("tai-ve/<str:fmt>/", views.report_download, name="report_download"),
    path("danh-sach/", views.cell_list, name="cell_list"),
    path("chi-so-766/", views.index_page, name="index"),
    path("bang-dieu-hanh/", views_dashboards.dashboard, name="dashboard"),
    path("bang-dieu-hanh/ho-so/", views_dashboards.dashboard_dossiers, name="dashboard_dossiers"),
]
