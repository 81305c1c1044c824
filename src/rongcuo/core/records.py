"""Every row a case's procedure writes is carried, as an image, by the event that wrote it.

A service writes inside `unit_of_work()`: the rows it saves or deletes are collected (Django's
post_save/post_delete signals) and, when the work ends, the images ride in the last event the work
appended, hashed and signed with it. Folding the images over a case's events therefore rebuilds
every row of the case (`rebuild`), and `audit verify` compares the rows in the database with them:
an edit made beside the application (an SQL UPDATE of the state, the determination, a number) is
reported. Rows written outside a unit of work are not collected; verify reports those too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

# The apps whose rows belong to a case (their models have a `case` foreign key, or are the case).
RECORDED_APPS = frozenset({"cases", "documents"})


@dataclass
class _Work:
    images: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    files: list[Any] = field(default_factory=list)  # core.files.Stored written by this unit


_current: ContextVar[_Work | None] = ContextVar("rongcuo_unit_of_work", default=None)


def row_key(instance: models.Model) -> str:
    return f"{instance._meta.label_lower}:{instance.pk}"


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        # milliseconds: the precision every portable serialisation (a backup, too) keeps
        value = value.replace(microsecond=value.microsecond // 1000 * 1000)
        return value.astimezone(dt.UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def image(instance: models.Model) -> dict[str, Any]:
    """The row as the record keeps it: every column, in a form JSON holds and compares exactly."""
    result: dict[str, Any] = {}
    for column in instance._meta.concrete_fields:
        value = column.value_from_object(instance)
        if isinstance(column, models.FileField):
            value = value.name if value else ""
        elif not isinstance(column, models.JSONField) and value is not None:
            value = column.to_python(value)
        result[column.attname] = _plain(value)
    return result


def is_recorded(model: type[models.Model]) -> bool:
    """A case, or a row of a recorded app that belongs to a case (a jurisdiction's template does not)."""
    if model._meta.app_label not in RECORDED_APPS or model._meta.abstract:
        return False
    return model._meta.label_lower == "cases.case" or any(f.name == "case" for f in model._meta.concrete_fields)


def recorded_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if is_recorded(m)]


def case_column(model: type[models.Model]) -> str:
    """The column that says which case a recorded row belongs to."""
    return "case_id" if any(f.name == "case" for f in model._meta.concrete_fields) else "id"


def _saved(sender: type[models.Model], instance: models.Model, raw: bool = False, **_: Any) -> None:
    work = _current.get()
    if work is not None and not raw and is_recorded(sender):
        work.images[row_key(instance)] = image(instance)


def _deleted(sender: type[models.Model], instance: models.Model, **_: Any) -> None:
    work = _current.get()
    if work is not None and is_recorded(sender):
        work.images[row_key(instance)] = None


post_save.connect(_saved, dispatch_uid="rongcuo.records.saved")
post_delete.connect(_deleted, dispatch_uid="rongcuo.records.deleted")


@contextmanager
def unit_of_work() -> Iterator[None]:
    """One transaction whose events are appended at its end, carrying the images of the rows it
    wrote. Nested units join the outermost one."""
    if _current.get() is not None:
        yield
        return
    work = _Work()
    token = _current.set(work)
    try:
        with transaction.atomic():
            yield
            _flush(work)
    except BaseException:
        from rongcuo.core import files

        for stored in work.files:  # the rows naming them were not kept
            files.discard(stored)
        raise
    finally:
        _current.reset(token)


def staged_events() -> list[dict[str, Any]]:
    """The events this unit of work will append when it ends (a document made within a step reads
    the step's own event)."""
    work = _current.get()
    return list(work.events) if work is not None else []


def keep_file(stored: Any) -> None:
    """A file written for this unit of work: removed again if the unit's rows are not kept."""
    work = _current.get()
    if work is None:
        raise RuntimeError("a recorded file must be written inside a unit of work")
    work.files.append(stored)


def stage_event(**event: Any) -> None:
    """Append an event now, or at the end of the unit of work this runs in."""
    work = _current.get()
    if work is None:
        from rongcuo.core.events import append_event

        append_event(**event)
    else:
        work.events.append(event)


def _flush(work: _Work) -> None:
    from rongcuo.core.events import append_event

    if work.images and not work.events:
        raise RuntimeError("a unit of work wrote case rows without recording an event")
    for index, event in enumerate(work.events):
        last = index == len(work.events) - 1
        append_event(**event, rows=work.images if last else None)
        if last:
            work.images = {}
