from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "motcua.tickets"
    label = "tickets"
    verbose_name = "Xếp hàng tại quầy"
