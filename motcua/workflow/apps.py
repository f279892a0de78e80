from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "motcua.workflow"
    label = "workflow"
    verbose_name = "Quy trình nội bộ"

    def ready(self) -> None:
        """Follow the dossier lifecycle; hand open steps and consultations to a successor agency."""
        from motcua.agencies.services import register_open_work_mover
        from motcua.dossiers.services.lifecycle import register_move_observer
        from motcua.workflow.services.consultations import move_open_consultations
        from motcua.workflow.services.routing import follow_move, move_open_work

        register_move_observer(follow_move)
        register_open_work_mover(move_open_work)
        register_open_work_mover(move_open_consultations)
