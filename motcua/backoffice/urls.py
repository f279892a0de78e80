"""Officer pages."""

from django.urls import include, path

from motcua.backoffice.views import consultations, dossiers, home, inbox, intake, processing

app_name = "backoffice"

urlpatterns = [
    path("", home.home, name="home"),
    path("tiep-nhan/", intake.intake_search, name="intake"),
    path("quay/", include("motcua.backoffice.counter_urls")),
    path("tiep-nhan/<str:code>/", intake.intake_form, name="intake_form"),
    path("tiep-nhan/<str:code>/nguoi-nop/", intake.intake_applicant, name="intake_applicant"),
    path("tiep-nhan/<str:code>/hen-tra/", intake.intake_due, name="intake_due"),
    path("cho-xu-ly/", inbox.inbox_list, name="inbox"),
    path("cho-xu-ly/<int:pk>/nhan/", inbox.inbox_claim, name="inbox_claim"),
    path("cho-xu-ly/<int:pk>/chuyen/", inbox.inbox_pass, name="inbox_pass"),
    path("cho-xu-ly/<int:pk>/tra-lai/", inbox.inbox_send_back, name="inbox_send_back"),
    path("cho-xu-ly/<int:pk>/phan-cong/", processing.assign, name="inbox_assign"),
    path("ho-so/", dossiers.dossier_list, name="dossiers"),
    path("ho-so/<int:pk>/", dossiers.dossier_detail, name="dossier"),
    path("ho-so/<int:pk>/tep/", dossiers.dossier_attach, name="dossier_attach"),
    path("ho-so/<int:pk>/tep/<int:file_pk>/", dossiers.dossier_file, name="dossier_file"),
    path("ho-so/<int:pk>/phieu/<str:kind>/", dossiers.dossier_paper, name="dossier_paper"),
    path("so-theo-doi/", processing.register, name="register"),
    path("cham-tre/", processing.delays, name="delays"),
    path("ho-so/<int:pk>/phieu-kiem-soat/", processing.control_sheet, name="control_sheet"),
    path("ho-so/<int:pk>/hen-lai/", processing.reappointment, name="reappoint"),
    path("ho-so/<int:pk>/lien-thong/", processing.inter_agency, name="inter_agency"),
    path("ho-so/<int:pk>/xu-ly/", consultations.processing, name="processing"),
    path("ho-so/<int:pk>/xu-ly/xin-y-kien/", consultations.ask_opinion, name="ask_opinion"),
    path(
        "ho-so/<int:pk>/xu-ly/tep/<int:file_pk>/",
        consultations.processing_file,
        name="processing_file",
    ),
    path(
        "ho-so/<int:pk>/xu-ly/<int:task_pk>/<str:action>/",
        consultations.task_action,
        name="processing_task",
    ),
    path("xin-y-kien/", consultations.consultation_list, name="consultations"),
    path("xin-y-kien/<int:pk>/", consultations.consultation_detail, name="consultation"),
    path("xin-y-kien/<int:pk>/tep/", consultations.consultation_file, name="consultation_file"),
    path("ho-so/<int:pk>/<str:action>/", dossiers.dossier_action, name="dossier_action"),
]
