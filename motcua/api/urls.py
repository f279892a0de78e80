"""API v1 routes: every app's viewsets register on the one router here."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from motcua.api.catalog import AgencyViewSet, ProcedureViewSet
from motcua.api.errors import not_found
from motcua.dossiers.api import DossierViewSet
from motcua.tickets.api import QueueView

app_name = "api"

router = DefaultRouter()
router.register("agencies", AgencyViewSet, basename="agency")
router.register("procedures", ProcedureViewSet, basename="procedure")
router.register("dossiers", DossierViewSet, basename="dossier")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
    path("queue/<str:code>/", QueueView.as_view(), name="queue"),
    re_path(r"^.*$", not_found),
]
