"""The counter officer's queue panel (included under backoffice/quay/)."""

from django.urls import path

from motcua.backoffice.views import counter

urlpatterns = [
    path("", counter.panel, name="counter"),
    path("nhan/", counter.take, name="counter_take"),
    path("roi/", counter.leave, name="counter_leave"),
    path("goi-tiep/", counter.call_next, name="counter_call_next"),
    path("ve/<int:pk>/tiep-nhan/", counter.intake, name="counter_intake"),
    path("ve/<int:pk>/<str:action>/", counter.ticket_action, name="counter_ticket_action"),
]
