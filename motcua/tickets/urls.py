"""Public queue screens: the kiosk, the printed ticket, the display board and its voice."""

from django.urls import path

from motcua.tickets import views

app_name = "tickets"

urlpatterns = [
    path("ve/<uuid:token>/", views.ticket, name="ticket"),
    path("goi/<int:pk>-<int:recall>.wav", views.announcement, name="announcement"),
    path("<str:agency>/", views.kiosk, name="kiosk"),
    path("<str:agency>/bang-goi-so/", views.board, name="board"),
    path("<str:agency>/bang-goi-so/moi/", views.board_fragment, name="board_fragment"),
]
