from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
    label = "dossiers"
    verbose_name = "Hồ sơ"

    def ready(self) -> None:
        from motcua.agencies.services import register_open_work_mover
        from motcua.dossiers.services.succession import move_open_dossiers

        register_open_work_mover(move_open_dossiers)
