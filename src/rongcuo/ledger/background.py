"""A long ledger import run in the background of the page that started it (a file of hundreds of
thousands of rows takes a minute or more): the page shows how many rows have been handled and then
the outcome. The run is the same service as every import (all or nothing, every bad row listed); a
thread of the web process runs it with its own database connection.

Progress is written by a second thread with a connection of its own: the import's connection is
inside the import's transaction (what it wrote would show only at the end) and, on PostgreSQL, in
the middle of a COPY, where any other statement on it would wait for the COPY forever."""

from __future__ import annotations

import datetime as dt
import logging
import threading

from django.core.files.storage import default_storage
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from rongcuo.cases.errors import ProcedureError
from rongcuo.core.models import Jurisdiction, User
from rongcuo.ledger.models import ImportRun

log = logging.getLogger("rongcuo.ledger")
REPORT_EVERY = 0.5  # seconds between progress writes


def sweep(folder: str, older_than: dt.timedelta = dt.timedelta(days=1)) -> None:
    """Remove the files in `folder` (default storage) left longer than `older_than`: uploads kept
    for a mapping step nobody finished, runs cut off by a restart."""
    try:
        folders, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for inner in folders:
        sweep(f"{folder}/{inner}", older_than)
    limit = timezone.now() - older_than
    for name in names:
        path = f"{folder}/{name}"
        try:
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
        except FileNotFoundError:  # removed by another request meanwhile
            continue


def start(*, actor: User, stored: str, name: str, mapping: dict[str, str] | None, dry_run: bool,
          jurisdiction: Jurisdiction | None = None) -> ImportRun:
    """Start importing the file kept at `stored` (default storage) and return the run to follow."""
    run = ImportRun.objects.create(made_by=actor, name=name[-200:], dry_run=dry_run)
    worker = threading.Thread(target=_work, args=(run.pk, actor.pk, stored, name, mapping, dry_run,
                                                  jurisdiction.pk if jurisdiction else None),
                              name=f"ledger-import-{run.pk}", daemon=True)
    worker.start()
    return run


class _Progress:
    """The import calls it with the rows handled so far (it never touches the database); a thread
    of its own writes the latest count every REPORT_EVERY seconds, each write committed at once."""

    def __init__(self, run_pk: int) -> None:
        self.run_pk, self.done, self.stop = run_pk, 0, threading.Event()
        self.thread = threading.Thread(target=self._write, name=f"ledger-progress-{run_pk}", daemon=True)
        self.thread.start()

    def __call__(self, done: int) -> None:
        self.done = done

    def _write(self) -> None:
        written = 0
        try:
            while not self.stop.wait(REPORT_EVERY):
                if self.done != written:
                    try:
                        ImportRun.objects.filter(pk=self.run_pk).update(rows_done=self.done)
                        written = self.done
                    except DatabaseError:  # SQLite while the import writes: the next round tries again
                        pass
        finally:
            connection.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join()


def _work(run_pk: int, actor_pk: int, stored: str, name: str, mapping: dict[str, str] | None, dry_run: bool,
          jurisdiction_pk: int | None) -> None:
    from rongcuo.ledger import errors, services

    close_old_connections()
    progress = _Progress(run_pk)
    fields: dict[str, object] = {}
    try:
        outcome = services.ledger_import(
            actor=User.objects.get(pk=actor_pk), content=default_storage.path(stored), name=name, mapping=mapping, dry_run=dry_run,
            jurisdiction=Jurisdiction.objects.filter(pk=jurisdiction_pk).first() if jurisdiction_pk else None,
            progress=progress)
        fields = {"stage": ImportRun.Stage.DONE, "rows_done": outcome.rows, "message": outcome.summary[:500]}
    except errors.LedgerRefused as refused:
        fields = {"stage": ImportRun.Stage.REFUSED, "message": refused.message[:500],
                  "problems": [{"row": p.row, "column": p.column, "message": p.message} for p in refused.checked.problems],
                  "more_problems": refused.checked.more_problems, "rows_done": refused.checked.total}
    except ProcedureError as error:
        fields = {"stage": ImportRun.Stage.FAILED, "message": error.message[:500]}
    except Exception:
        log.exception("ledger_import_failed", extra={"run": run_pk})
        fields = {"stage": ImportRun.Stage.FAILED, "message": "导入时出错，未写入任何一行；请稍后重试或联系系统管理员。"}
    finally:
        progress.close()
        try:
            default_storage.delete(stored)  # the run's own copy (an import that changed rows kept the file by its digest)
        except OSError:  # the outcome is still recorded; sweep() removes the copy later
            log.exception("ledger_run_copy_not_removed", extra={"run": run_pk})
        ImportRun.objects.filter(pk=run_pk).update(finished_at=timezone.now(), **fields)
        connection.close()
