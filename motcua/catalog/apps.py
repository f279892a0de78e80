from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "motcua.catalog"
    label = "catalog"
    verbose_name = "Danh mục thủ tục"

    def ready(self) -> None:
        from motcua.agencies.services import register_open_work_mover
        from motcua.catalog.services.local_settings import move_catalogue_settings

        # When a unit is succeeded, the procedures it receives or decides go with its work.
        register_open_work_mover(move_catalogue_settings)
