"""Citizen-facing pages."""

from django.urls import path

from motcua.portal import citizen, rating, tracking, transparency, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.procedures, name="procedures"),
    path("tra-cuu/", tracking.track, name="tracking"),
    path("cong-khai/", transparency.transparency, name="transparency"),
    path("tra-cuu/danh-gia/", rating.rate_by_receipt, name="rate_by_receipt"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure"),
    path("thu-tuc/<str:code>/nop-truc-tuyen/", citizen.start, name="citizen_start"),
    path("ho-so-nhap/<int:pk>/", citizen.draft, name="citizen_draft"),
    path("ho-so-cua-toi/", citizen.my_dossiers, name="my_dossiers"),
    path("ho-so-cua-toi/<int:pk>/", citizen.my_dossier, name="my_dossier"),
    path("ho-so-cua-toi/<int:pk>/bo-sung/", citizen.supplement, name="my_dossier_supplement"),
    path("ho-so-cua-toi/<int:pk>/danh-gia/", rating.rate, name="my_dossier_rate"),
    path("ho-so-cua-toi/<int:pk>/rut/", citizen.withdraw_dossier, name="my_dossier_withdraw"),
    path("ho-so-cua-toi/<int:pk>/tep/<int:file_id>/", citizen.download, name="my_dossier_file"),
]
