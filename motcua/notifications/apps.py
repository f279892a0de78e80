from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "motcua.notifications"
    label = "notifications"
    verbose_name = "Thông báo"

    def ready(self) -> None:
        from motcua.dossiers.services.lifecycle import register_move_observer
        from motcua.notifications.hooks import message_applicant_after_move

        register_move_observer(message_applicant_after_move)
