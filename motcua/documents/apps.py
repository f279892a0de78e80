import logging

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "motcua.documents"
    label = "documents"
    verbose_name = "Biểu mẫu, giấy tờ"

    def ready(self) -> None:
        # WeasyPrint reports every layout step at INFO; one form would add a dozen log lines.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
