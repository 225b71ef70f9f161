from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    name = "workspace"
    verbose_name = _("Managers' workspace")

    def ready(self):
        from django.db.models.signals import post_delete, post_save  # noqa: PLC0415

        from core import page_cache  # noqa: PLC0415

        from .models import EvaluationWave, WaveRegion, WaveSiteException  # noqa: PLC0415

        # The lists keep their counts until the next edit (page_cache.until_next_edit): a
        # wave's regions or exceptions moved change which units "wave D" counts.
        for model in (EvaluationWave, WaveRegion, WaveSiteException):
            for signal in (post_save, post_delete):
                signal.connect(page_cache.invalidate_after_commit, sender=model, dispatch_uid=f"waves-{model.__name__}")
