"""Ledger pages: the list with filters and pages, export, the template, and import with the column
mapping step and the row-by-row report."""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from rongcuo.cases.errors import ProcedureError
from rongcuo.core import files
from rongcuo.ledger import errors, exports, selectors, services, table
from rongcuo.web.downloads import XLSX, download
from rongcuo.web.pages import page_of
from rongcuo.web.views.cases import _user

_SHA = re.compile(r"[0-9a-f]{64}")


def _refuse_unless_visible(request: HttpRequest) -> None:
    if not selectors.may_see_ledger(_user(request)):
        raise PermissionDenied("您无权查看执法台账：执法机关联络员查看本机关的，行政执法监督机构查看本辖区的。")


@login_required
def ledger_list(request: HttpRequest, context: dict[str, Any] | None = None) -> HttpResponse:
    _refuse_unless_visible(request)
    user = _user(request)
    filters, wrong = selectors.clean_filters(user, request.GET)
    for problem in wrong:
        messages.error(request, f"筛选条件未采用：{problem}。")
    page = page_of(request, selectors.entries(user, filters), size=50)
    return render(request, "web/ledger.html", {
        "page": page, "filters": filters, "agencies": selectors.visible_agencies(user), "kinds": table.KINDS,
        "query": request.GET.urlencode(), **(context or {})})


@login_required
def ledger_export(request: HttpRequest) -> HttpResponseBase:
    _refuse_unless_visible(request)
    filters, _ = selectors.clean_filters(_user(request), request.GET)
    entries = selectors.entries(_user(request), filters)
    if request.GET.get("format") == "csv":
        return FileResponse(exports.export_csv(entries), as_attachment=True, filename="行政执法台账.csv",
                            content_type="text/csv; charset=utf-8")
    made = exports.export_file(entries)
    return FileResponse(made, as_attachment=True, filename="行政执法台账.xlsx", content_type=XLSX)


@login_required
def ledger_template(request: HttpRequest) -> HttpResponseBase:
    _refuse_unless_visible(request)
    return download(exports.template_workbook(), "台账模板.xlsx", XLSX)


def _pending_name(request: HttpRequest) -> str | None:
    digest, name = request.POST.get("pending", ""), request.POST.get("name", "")[-200:]
    if not _SHA.fullmatch(digest) or not name.lower().endswith((".xlsx", ".csv")):
        return None
    return f"ledger-pending/{digest[:2]}/{digest}.{name.rsplit('.', 1)[-1].lower()}"


PENDING_KEY = "ledger_pending"  # the session's list of the digests this user uploaded for a mapping step
PENDING_KEPT = 20


def _pending(request: HttpRequest) -> tuple[table.Source, str] | None:
    """The file this user uploaded at the mapping step (kept under its SHA-256, read from there), or
    None: a digest another user's upload left is not this user's to import."""
    stored = _pending_name(request)
    if stored is None or request.POST.get("pending") not in request.session.get(PENDING_KEY, []) \
            or not default_storage.exists(stored):
        return None
    return table.Source.of(default_storage.path(stored)), request.POST.get("name", "")[-200:]


def _keep_pending(source: table.Source, name: str) -> files.Stored:
    """The upload kept for the mapping step (under its digest, so the form can name it), copied in
    chunks. Several people may be mapping the same file, so an import does not remove it; copies
    nobody came back for are removed a day after they were last uploaded."""
    from rongcuo.ledger import background

    background.sweep("ledger-pending")
    with source.open() as handle:
        stored = files.store(File(handle, name="pending"), "ledger-pending", name.rsplit(".", 1)[-1].lower())
    if not stored.created:  # uploaded again: the day starts again
        os.utime(default_storage.path(stored.name))
    return stored


@login_required
@require_POST
def ledger_import(request: HttpRequest) -> HttpResponse:
    _refuse_unless_visible(request)
    if not services.importable_agencies(_user(request)):  # refused before anything is kept
        messages.error(request, "台账未导入：您无权导入台账：只有执法机关联络员和行政执法监督机构可以导入。")
        return redirect("web:ledger")
    upload = request.FILES.get("file")
    if upload is not None:  # a large upload is on disk already (Django spools it): it is read from there
        source, name = table.Source.of(upload), str(upload.name or "")
    else:
        pending = _pending(request)
        if pending is None:
            gone = "已上传的文件已不在服务器上（一天内未导入的会被清除），请重新选择文件" if request.POST.get("pending") \
                else "请选择 .xlsx 或 .csv 文件"
            messages.error(request, f"台账未导入：{gone}。")
            return redirect("web:ledger")
        source, name = pending
    mapping = {column: request.POST.get(f"map_{index}", "") for index, column in enumerate(table.COLUMNS)} \
        if upload is None else None
    dry_run = request.POST.get("dry_run") == "on"
    if source.size >= settings.RONGCUO_LEDGER_BACKGROUND_BYTES:
        return _in_background(request, source, name, mapping, dry_run)
    try:
        outcome = services.ledger_import(actor=_user(request), content=source, name=name, mapping=mapping, dry_run=dry_run)
    except errors.LedgerRefused as refused:
        messages.error(request, f"台账未导入：{refused.message}")
        return ledger_list(request, {"report": refused.checked.problems, "report_name": name})
    except ProcedureError as error:
        if error.code != "ledger_mapping":
            messages.error(request, f"台账未导入：{error.message}")
            return redirect("web:ledger")
        return _mapping_step(request, source, name, error.message, dry_run)
    messages.success(request, f"{name}：{outcome.summary}")
    return redirect("web:ledger")


STALE_RUN = dt.timedelta(hours=2)


def _in_background(request: HttpRequest, source: table.Source, name: str, mapping: dict[str, str] | None,
                   dry_run: bool) -> HttpResponse:
    """A long file: its columns are checked now (the mapping step if they do not match), then the
    import runs in the background and the page follows it."""
    from rongcuo.ledger import background

    if source.size > services.MAX_FILE_BYTES:
        messages.error(request, f"台账未导入：台账文件不能超过 {services.MAX_FILE_BYTES // 1024 // 1024} MB，请分批导入。")
        return redirect("web:ledger")
    header = _header(request, source, name)
    if header is None:
        return redirect("web:ledger")
    wrong = table.check_mapping(header, mapping or table.propose_mapping(header))
    if wrong:
        return _mapping_step(request, source, name, "列对应有误：" + "；".join(wrong) + "。", dry_run, header)
    background.sweep("ledger-runs")  # copies of runs a restart cut off
    with source.open() as handle:  # the run's own copy, removed when it ends: the same file sent twice is two runs
        stored = default_storage.save(f"ledger-runs/{uuid.uuid4().hex}.{name.rsplit('.', 1)[-1].lower()}",
                                      File(handle))
    run = background.start(actor=_user(request), stored=stored, name=name, mapping=mapping, dry_run=dry_run)
    return redirect("web:ledger_run", pk=run.pk)


@login_required
def ledger_run(request: HttpRequest, pk: int) -> HttpResponse:
    """A background import: its progress while it runs (the page asks again every second), then
    its outcome."""
    from rongcuo.ledger.models import ImportRun

    run = ImportRun.objects.filter(pk=pk, made_by=_user(request)).first()
    if run is None:
        raise Http404("导入不存在")
    if run.stage == ImportRun.Stage.RUNNING and run.started_at < timezone.now() - STALE_RUN:
        # the server was restarted under it: the import's transaction was rolled back, nothing written
        run.stage, run.message = ImportRun.Stage.FAILED, "导入中断（服务器重启），未写入任何一行，请重新导入。"
        run.save(update_fields=["stage", "message"])
    template = "web/_ledger_run.html" if request.headers.get("HX-Request") == "true" else "web/ledger_run.html"
    return render(request, template, {"run": run})


def _header(request: HttpRequest, source: table.Source, name: str) -> list[str] | None:
    """The file's header, or None with the reason it cannot be read shown to the user."""
    try:
        with source.open() as handle:
            return table.read_rows(handle, name)[0]
    except table.TableError as error:
        messages.error(request, f"台账未导入：{error}")
        return None


def _mapping_step(request: HttpRequest, source: table.Source, name: str, problem: str, dry_run: bool,
                  header: list[str] | None = None) -> HttpResponse:
    """The file's columns did not all match: let the user say which column is which."""
    header = header if header is not None else _header(request, source, name)
    if header is None:
        return redirect("web:ledger")
    stored = _keep_pending(source, name)
    kept = [digest for digest in request.session.get(PENDING_KEY, []) if digest != stored.sha256]
    request.session[PENDING_KEY] = [*kept, stored.sha256][-PENDING_KEPT:]  # a mapping sent again does not push others out
    proposed = table.propose_mapping(header)
    rows = [{"index": i, "column": column, "required": column in table.REQUIRED, "chosen": proposed.get(column, "")}
            for i, column in enumerate(table.COLUMNS)]
    return render(request, "web/ledger_mapping.html", {"rows": rows, "header": [h for h in header if h],
                                                        "pending": stored.sha256, "name": name, "problem": problem,
                                                        "dry_run": dry_run})
