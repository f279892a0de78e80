"""Statistics pages of the back office."""

from django.urls import path

from motcua.reports import views

app_name = "reports"

urlpatterns = [
    path("danh-sach/", views.cell_list, name="cell_list"),
]
