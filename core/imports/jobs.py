"""Imports too large for one request, run by the background worker (core/imports/tasks.py).

A job goes through the file twice:

1. The check: every row is read and validated as the admin's preview does, but nothing is
   written, so no write lock is held (on SQLite, a write transaction blocks every other
   writer for as long as it lasts). The job's progress is committed as it goes. A file with
   any bad row stops here, with each row, column and reason: nothing is imported.
2. Once the editor has confirmed, the check again (the data may have moved on), then every
   row is checked and written in a single transaction, so that nothing is written unless
   everything is; records without terms or links (sites, partners) 1,000 at a time. Public
   pages keep answering meanwhile: PostgreSQL readers never wait for a writer, nor do
   SQLite's in WAL mode. Pages are made stale once, after the commit (page_cache.batch).
"""

import logging
import time
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from core import page_cache

from .models import ImportJob

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 500  # rows between two progress updates
ERRORS_KEPT = 200  # errors listed to the editor (all are counted)


def start(*, user, model, resource_class, file_format: str, file_name: str, data: bytes) -> ImportJob:
    job = ImportJob.objects.create(
        user=user,
        model=model._meta.label_lower,
        resource=f"{resource_class.__module__}.{resource_class.__qualname__}",
        file_format=file_format,
        file_name=file_name[:255],
        data=data,
    )
    enqueue(job)
    return job


def confirm(job: ImportJob) -> bool:
    """Queue the import of a checked file; False if it is not (or no longer) waiting for it."""
    if not ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.CHECKED).update(
        confirmed=True, state=ImportJob.State.WAITING, rows_done=0
    ):
        return False
    enqueue(job)
    return True


def enqueue(job: ImportJob):
    from .tasks import run_import_job  # noqa: PLC0415 - the task module imports this one

    run_import_job.enqueue(str(job.pk))


def cancel(job: ImportJob) -> bool:
    """Drop a checked file instead of importing it."""
    return bool(
        ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.CHECKED).update(
            state=ImportJob.State.CANCELLED, data=b"", finished_at=timezone.now()
        )
    )


def run(job_id: str):
    job = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.WAITING).first()
    if job is None:
        return  # run already, or gone
    user = get_user_model().objects.get(pk=job.user_id)
    # Each change is recorded in the history as the editor's, as in the admin.
    HistoricalRecords.context.request = SimpleNamespace(user=user)
    try:
        run_job(job, user)
    except Exception:
        logger.exception("Import job %s failed", job.pk)
        finish(job, ImportJob.State.FAILED, {"problem": _("The import failed unexpectedly: nothing was imported.")})
    finally:
        del HistoricalRecords.context.request


def run_job(job: ImportJob, user):
    from core.exchange import IMPORT_FORMATS, PortalResource  # noqa: PLC0415 - it imports this module

    try:
        resource_class = import_string(job.resource)
        if not (isinstance(resource_class, type) and issubclass(resource_class, PortalResource)):
            raise TypeError(job.resource)
        file_format = IMPORT_FORMATS[job.file_format](encoding="utf-8-sig")
        data = bytes(job.data)
        dataset = file_format.create_dataset(data if file_format.is_binary() else data.decode("utf-8-sig"))
    except Exception:
        logger.warning("Import job %s: the file cannot be read", job.pk, exc_info=True)
        finish(job, ImportJob.State.REFUSED, {"problem": _("This file cannot be read in the format chosen.")})
        return
    kwargs = {"user": user, "file_name": job.file_name}

    # 1. Every row checked, with no transaction open: nothing is written, no lock held.
    # Sites and partners, once confirmed, are kept to be written in step 2.
    update(job, state=ImportJob.State.CHECKING, rows_total=len(dataset), rows_done=0)
    in_bulk = job.confirmed and resource_class.writes_in_bulk
    resource = resource_class.bulk_writer()() if in_bulk else resource_class()
    resource.validate_only = not in_bulk
    resource.html_diff = False
    resource.progress = lambda done: report(job, done)
    checked = summary(resource.import_data(dataset, use_transactions=False, **kwargs))
    if checked["error_count"]:
        if job.confirmed:
            checked["problem"] = _("Nothing was imported: the data changed since the check.")
        finish(job, ImportJob.State.REFUSED, checked)
        return
    if not job.confirmed:
        if resource_class.writes_in_bulk:
            # The (pk, version, key) of each record the editor is about to import over: the
            # write refuses to go on if any of them moved since (PortalResource.records_moved).
            checked["read"] = resource.checked_records
        update(job, state=ImportJob.State.CHECKED, rows_done=len(dataset), result=checked)
        return

    # 2. Every row written, in one transaction: all of them or none.
    update(job, state=ImportJob.State.WRITING, rows_done=0)
    written, started = checked, time.monotonic()
    try:
        with transaction.atomic(), page_cache.batch():
            if in_bulk:
                resource.write_pending(checked=job.result.get("read"))
            else:
                writer = resource_class()
                writer.html_diff = False
                written = summary(writer.import_data(dataset, rollback_on_validation_errors=True, **kwargs))
                if written["error_count"]:
                    raise RowsFailed
            finish(job, ImportJob.State.DONE, written)  # committed with the rows, or not at all
        logger.info("Import job %s: %d rows written in %.1f s", job.pk, len(dataset), time.monotonic() - started)
    except RecordsMoved as moved:
        finish(job, ImportJob.State.FAILED, moved.result(checked))
    except (RowsFailed, ValueError, IntegrityError) as failure:
        if not isinstance(failure, RowsFailed):
            error = {"row": None, "column": None, "messages": [str(failure)]}
            written = {**written, "error_count": 1, "errors": [error]}
        written["problem"] = _(
            "Nothing was imported: these rows failed when they were written "
            "(the data may have changed since the check)."
        )
        finish(job, ImportJob.State.FAILED, written)


class RowsFailed(Exception):
    """A row failed as it was written: the transaction rolls back."""


class RecordsMoved(Exception):
    """Records were saved, deleted or created since the file was checked: nothing is written."""

    def __init__(self, records: list[tuple[int | None, str]]):
        super().__init__(records)
        self.records = records  # (row number, key)

    def result(self, checked: dict) -> dict:
        """The check's counts, and the records that moved, listed as the rows in error are."""
        errors = [
            {"row": row, "column": None, "messages": [_("%(record)s changed since the check.") % {"record": key}]}
            for row, key in self.records
        ]
        problem = _("Nothing was imported: the records listed below changed since the check: upload the file again.")
        return {**checked, "errors": errors[:ERRORS_KEPT], "error_count": len(errors), "problem": problem}


def report(job: ImportJob, done: int):
    """Progress, committed now and then (nothing else is written during the check)."""
    if done % PROGRESS_EVERY == 0:
        update(job, rows_done=done)


def update(job: ImportJob, **values):
    for name, value in values.items():
        setattr(job, name, value)
    ImportJob.objects.filter(pk=job.pk).update(**values)


def finish(job: ImportJob, state, result: dict):
    update(job, state=state, result=result, data=b"", finished_at=timezone.now(), rows_done=job.rows_total)


def summary(result) -> dict:
    """What the editor is shown of an import_data result: counts, and each bad row's
    column and reason (never a traceback)."""
    errors = [{"row": None, "column": None, "messages": [str(error.error)]} for error in result.base_errors]
    for number, row_errors in result.row_errors():
        errors.extend({"row": number, "column": None, "messages": [str(error.error)]} for error in row_errors)
    for invalid in result.invalid_rows:
        for column, messages in invalid.error_dict.items():
            errors.append(
                {
                    "row": invalid.number,
                    "column": None if column == "__all__" else column,
                    "messages": [str(message) for message in messages],
                }
            )
    totals = result.totals
    return {
        "totals": {"new": totals["new"], "changed": totals["update"], "unchanged": totals["skip"]},
        "errors": errors[:ERRORS_KEPT],
        "error_count": len(errors),
    }
