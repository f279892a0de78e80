"""Citizen-facing pages."""

from django.urls import path

from motcua.portal import tracking, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.procedures, name="procedures"),
    path("tra-cuu/", tracking.track, name="tracking"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure"),
]
