"""Large imports in the background: the admin stores the file as an `Importtaak`, a Celery task imports it.

A file with more than IMPORT_INLINE_MAX_ROWS rows (already checked against the limits of coalition.imports) would
hold a web worker for minutes, so the admin (coalition.admin.SafeImportAdmin) hands it here instead:

- `importtaak_start` stores the file and starts `run_import_task` after the commit;
- the task imports it with the same resource and the same rule as the admin: one wrong row, and nothing is saved.
  The rows and the task's result are written in one transaction, so "klaar" means every row is saved;
- while it runs, the rows done are counted in the cache (the import's own transaction is not visible to others),
  and the result page (the Importtaak's admin page) reads them;
- Celery beat (`sweep_imports_task`, every minute) starts a task whose start was lost (the broker was down at the
  commit) and closes one whose worker died long ago, so no import waits for ever.

A task that runs twice (a worker killed, the task delivered again) imports once: it takes the row with
`SELECT … FOR UPDATE SKIP LOCKED` and goes on only while the Importtaak is still running.
"""

import logging
import time
from datetime import timedelta
from typing import Any

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from import_export.results import Result, RowResult
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from ..imports import UNREADABLE, nothing_imported
from ..models import Importtaak, User
from ..queries import import_progress_key
from ..resources import DutchCSV, DutchModelResource, DutchXLSX

logger = logging.getLogger(__name__)

Status = Importtaak.Status

# The progress in the cache is written every so many rows: often enough for a bar, rarely enough to cost nothing.
PROGRESS_EVERY = 20
# The result page lists at most this many rows with errors; the count says how many there were.
MAX_ERRORS_KEPT = 100
# An import stops (and saves nothing) this long before Celery's soft time limit would interrupt it mid-row.
STOP_BEFORE_TIME_LIMIT = 60


class ImportTooSlow(Exception):
    """Raised between two rows when the task's time is nearly up."""


class _Unreadable(Exception):
    """The stored file could not be read into rows (it passed the checks at upload, so this is rare)."""


# ---------------------------------------------------------------------------
# Starting
# ---------------------------------------------------------------------------
def importtaak_start(
    *,
    user: User,
    model: type[models.Model],
    resource_class: type[DutchModelResource],
    file_format: str,
    file_name: str,
    data: bytes,
    total_rows: int,
) -> Importtaak:
    """Store the file and start the task after the commit."""
    taak = Importtaak.objects.create(
        model=ContentType.objects.get_for_model(model),
        resource=f"{resource_class.__module__}.{resource_class.__qualname__}",
        file_format=file_format,
        file_name=file_name[:255],
        data=data,
        total_rows=total_rows,
        created_by=user,
    )
    transaction.on_commit(lambda: _dispatch(taak.pk), robust=True)
    return taak


def _dispatch(pk: int) -> None:
    """Hand the import to Celery. Without a broker it waits for the sweep."""
    try:
        run_import_task.delay(pk)
    except (BrokerError, RedisError, OSError):
        logger.warning("Import %s waits for the sweep: the task queue is unreachable", pk)


# ---------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------
def importtaak_run(pk: int) -> str | None:
    """Import the stored file; returns the new status, or None when there was nothing (more) to do."""
    Importtaak.objects.filter(pk=pk, status=Status.WAITING).update(status=Status.RUNNING, started_at=timezone.now())
    with transaction.atomic():
        taak = Importtaak.objects.select_for_update(skip_locked=True).filter(pk=pk, status=Status.RUNNING).first()
        if taak is None:
            return None  # finished already, or another worker has it now
        cache.set(import_progress_key(pk), 0, timeout=settings.CELERY_VISIBILITY_TIMEOUT)
        failure = ""
        try:
            with transaction.atomic():  # a failure halfway leaves the rows as they were, and the task can say so
                result = _import(taak)
        except (ImportTooSlow, SoftTimeLimitExceeded):
            failure = _(
                "Er is niets geïmporteerd: de import duurde te lang. Splits het bestand in kleinere bestanden en "
                "probeer het opnieuw."
            )
        except _Unreadable:
            failure = str(UNREADABLE)
        except Exception:
            logger.exception("Import %s failed", pk)
            failure = _("Er is niets geïmporteerd: er ging iets mis bij het importeren. Probeer het opnieuw.")
        if failure:
            return _fail(taak, failure)
        if result.has_errors() or result.has_validation_errors():
            return _fail_with_rows(taak, result)
        _log_in_admin(taak, result)
        totals = result.totals
        taak.rows_new = totals[RowResult.IMPORT_TYPE_NEW]
        taak.rows_updated = totals[RowResult.IMPORT_TYPE_UPDATE]
        taak.rows_unchanged = totals[RowResult.IMPORT_TYPE_SKIP]
        return _finish(taak, Status.DONE)


def _import(taak: Importtaak) -> Result:
    resource_class = import_string(taak.resource)
    if not (isinstance(resource_class, type) and issubclass(resource_class, DutchModelResource)):
        raise TypeError(f"{taak.resource} is no import resource")
    data = bytes(taak.data)
    try:
        if taak.file_format == Importtaak.Format.XLSX:
            dataset = DutchXLSX().create_dataset(data)
        else:
            dataset = DutchCSV(encoding="utf-8-sig").create_dataset(data)
    except Exception as error:
        raise _Unreadable from error

    resource = resource_class()
    deadline = time.monotonic() + settings.CELERY_TASK_SOFT_TIME_LIMIT - STOP_BEFORE_TIME_LIMIT
    done = 0

    def on_row() -> None:
        nonlocal done
        done += 1
        if done % PROGRESS_EVERY == 0:
            cache.set(import_progress_key(taak.pk), done, timeout=settings.CELERY_VISIBILITY_TIMEOUT)
        if time.monotonic() > deadline:
            raise ImportTooSlow

    resource.on_row = on_row
    return resource.import_data(
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
        retain_instance_in_row_result=True,
        file_name=taak.file_name,
        user=taak.created_by,
    )


def _finish(taak: Importtaak, status: str) -> str:
    taak.status = status
    taak.finished_at = timezone.now()
    taak.data = b""  # the file may hold names and addresses: kept no longer than needed
    taak.save()
    cache.delete(import_progress_key(taak.pk))
    return status


def _fail(taak: Importtaak, message: str) -> str:
    taak.message = message[:500]
    return _finish(taak, Status.FAILED)


def _fail_with_rows(taak: Importtaak, result: Result) -> str:
    errors = row_errors(result)
    wrong = len({error["regel"] for error in errors if error["regel"] is not None})
    taak.rows_wrong = wrong
    taak.errors = errors[:MAX_ERRORS_KEPT]
    return _fail(taak, nothing_imported(wrong))


def row_errors(result: Result) -> list[dict[str, Any]]:
    """The errors of an import as {"regel": row number or None (the whole file), "meldingen": [Dutch text]}."""
    errors: list[dict[str, Any]] = [{"regel": None, "meldingen": [str(error.error)]} for error in result.base_errors]
    for number, row_errors_ in result.row_errors():
        errors.append({"regel": number, "meldingen": [str(error.error) for error in row_errors_]})
    for row in result.invalid_rows:
        messages = []
        for column, texts in row.error_dict.items():
            for text in texts:
                messages.append(str(text) if column == NON_FIELD_ERRORS else f"{column}: {text}")
        errors.append({"regel": row.number, "meldingen": messages})
    errors.sort(key=lambda error: error["regel"] or 0)
    return errors


def _log_in_admin(taak: Importtaak, result: Result) -> None:
    """The admin's history of each row, as the admin's own import writes it."""
    if settings.IMPORT_EXPORT_SKIP_ADMIN_LOG or taak.created_by_id is None:
        return
    flags = {
        RowResult.IMPORT_TYPE_NEW: ADDITION,
        RowResult.IMPORT_TYPE_UPDATE: CHANGE,
        RowResult.IMPORT_TYPE_DELETE: DELETION,
    }
    for import_type, flag in flags.items():
        instances = [row.instance for row in result.valid_rows() if row.import_type == import_type and row.instance]
        if instances:
            LogEntry.objects.log_actions(
                taak.created_by_id,
                instances,
                flag,
                change_message=_("Geïmporteerd uit %(file)s.") % {"file": taak.file_name},
                single_object=False,
            )


@shared_task(name="coalition.tasks.run_import")
def run_import_task(pk: int) -> str | None:
    return importtaak_run(pk)


# ---------------------------------------------------------------------------
# The sweep: no import waits for ever
# ---------------------------------------------------------------------------
def sweep_imports() -> int:
    """Start imports whose task was lost; close those whose worker died. Returns how many it touched."""
    now = timezone.now()
    waiting = list(
        Importtaak.objects.filter(status=Status.WAITING, created_at__lt=now - timedelta(minutes=1)).values_list(
            "pk", flat=True
        )
    )
    for pk in waiting:
        _dispatch(pk)
    # Longer than a task may run, plus the time Celery takes to hand a killed worker's task to another.
    stale_before = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 2 * settings.CELERY_VISIBILITY_TIMEOUT)
    closed = 0
    with transaction.atomic():
        stale = Importtaak.objects.select_for_update(skip_locked=True).filter(
            status=Status.RUNNING, started_at__lt=stale_before
        )
        for taak in stale:
            _fail(taak, _("Er is niets geïmporteerd: de verwerking is afgebroken. Probeer het opnieuw."))
            closed += 1
    return len(waiting) + closed


@shared_task(name="coalition.tasks.sweep_imports")
def sweep_imports_task() -> int:
    return sweep_imports()
