"""A spreadsheet import too large for one request: checked, then, once the editor
confirms, imported by the background worker (core/imports/jobs.py)."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting for the worker")
        CHECKING = "checking", _("Checking the rows")
        WRITING = "writing", _("Writing the rows")
        CHECKED = "checked", _("Checked: waiting for confirmation")
        REFUSED = "refused", _("Refused: nothing was imported")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed: nothing was imported")
        CANCELLED = "cancelled", _("Cancelled: nothing was imported")

    RUNNING = (State.WAITING, State.CHECKING, State.WRITING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("user"))
    model = models.CharField(_("records"), max_length=100)  # app_label.model_name, for the admin's URLs
    resource = models.CharField(_("resource"), max_length=200)  # the PortalResource's dotted path
    file_format = models.CharField(_("format"), max_length=10)  # csv, xlsx, json
    file_name = models.CharField(_("file name"), max_length=255)
    # The uploaded file (at most IMPORT_MAX_BYTES), in the database that the web servers
    # and the worker share; emptied once the import is over.
    data = models.BinaryField(_("file"), default=b"")
    confirmed = models.BooleanField(_("confirmed"), default=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.WAITING)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    # {"totals": {...}, "errors": [{"row", "column", "messages"}], "error_count": n, "problem": text}
    result = models.JSONField(_("result"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self):
        return f"{self.file_name} ({self.get_state_display()})"

    def get_absolute_url(self):
        app_label, model_name = self.model.split(".")
        return reverse(f"admin:{app_label}_{model_name}_import_job", args=[self.pk])

    @property
    def running(self):
        return self.state in self.RUNNING
