"""Case pages: workbench, list and search, the case page with its step forms, applying, approvals."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rongcuo.cases import loaded, selectors, services
from rongcuo.cases.clocks import case_deadlines
from rongcuo.cases.errors import ProcedureError
from rongcuo.cases.models import Case, Source, State
from rongcuo.cases.procedure import STEPS, basis_of, label_of, rule_of
from rongcuo.cases.rules_bridge import assess_case
from rongcuo.cases.search import MAX_QUERY_CHARS
from rongcuo.cases.steps import check_permitted, fields_for, run_step
from rongcuo.core.models import Officer, User
from rongcuo.core.reads import note_read
from rongcuo.core.roles import Role
from rongcuo.rules.registry import get_pack
from rongcuo.rules.vocabulary import default_vocabulary
from rongcuo.web import step_forms
from rongcuo.web.pages import page_of
from rongcuo.web.views.rules import fact_choices


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _case(request: HttpRequest, pk: int) -> Case:
    """The case if this user may see it; one answer (404) for a missing case and one not visible,
    so case numbers cannot be probed."""
    case = selectors.case_list(_user(request)).filter(pk=pk).first()
    if case is None:
        raise Http404("案件不存在或您无权查看")
    return case


def workbench(request: HttpRequest) -> HttpResponse:
    """Signed in: the workbench. Signed out: the public start page (rules, sign-in)."""
    if not request.user.is_authenticated:
        return render(request, "web/home.html")
    user = _user(request)
    rows = page_of(request, selectors.open_deadlines(user), size=15, name="dpage")
    mine = loaded.load(selectors.case_list(user).exclude(state__in=[State.ARCHIVED, State.REJECTED])[:10])
    todo = []
    for case in mine:
        step = selectors.next_step(user, case)
        if step:
            todo.append((case, label_of(case.pack_id, step)))
    joint = page_of(request, selectors.case_list(user).filter(joint_with_discipline=True), size=20, name="jpage") \
        if Role.DISCIPLINE in selectors.roles_of(user) else None
    from django.utils import timezone

    from rongcuo.notifications.selectors import reminders

    return render(request, "web/workbench.html", {"deadlines": rows, "todo": todo, "cases": mine, "joint": joint,
                                                  "reminders": reminders(user, timezone.localdate())})


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state") or None
    if state not in State.values:
        state = None
    query = request.GET.get("q", "").strip()[:MAX_QUERY_CHARS] or None
    cases = page_of(request, selectors.case_list(_user(request), state=state, query=query))
    return render(request, "web/case_list.html", {"cases": cases, "states": State.choices, "state": state or "", "q": query or ""})


def _assessment_panel(case: Case) -> dict[str, Any]:
    """The case's own rules: the assessment under the rules of the conduct's time and under those in
    force today (从旧兼从轻), marked as a reference until the deciding body has decided."""
    try:
        choice = assess_case(case.jurisdiction.rule_packs, case.facts, case.conduct_date, services.today())
    except ProcedureError as error:
        return {"error": error.message}
    results = [a for a in (choice.conduct_time, choice.current) if a is not None]
    if len(results) == 2 and results[0].pack.id == results[1].pack.id and results[0].pack.version == results[1].pack.version:
        results = [choice.applied]
    return {"results": results, "reason": choice.reason, "applied": choice.applied}


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    user = _user(request)
    steps = []
    refused = request.session.pop(f"refused:{pk}", None)
    for name in selectors.allowed_steps(user, case):
        draft = request.session.pop(f"draft:{pk}:{name}", {})  # what the user typed before a refusal
        fields = [{"field": f, "choices": step_forms.choices_for(f, case), "value": draft.get(f.name, "")}
                  for f in fields_for(name, case)]
        rule = rule_of(case.pack_id, name)
        steps.append({"name": name, "label": label_of(case.pack_id, name), "fields": fields,
                      "basis": basis_of(case.pack_id, name), "documents": rule.documents if rule else ()})
    vocabulary = default_vocabulary()
    pack = get_pack(case.pack_id)
    repeat_clause = next((c for c in pack.evaluable if "repeat_error" in c.facts), None)
    determination = case.determination
    earlier = services.earlier_similar_cases(case)
    context = {
        "case": case,
        "pack": pack,
        "deadlines": case_deadlines(case),
        "events": selectors.timeline(case),
        "steps": steps,
        "next_step": selectors.next_step(user, case),
        "assessment": _assessment_panel(case),
        "facts": [(name, vocabulary.label(name)) for name, value in case.facts.items() if value],
        "earlier": earlier,
        "repeat_clause": repeat_clause,
        "repeat_proposed": repeat_clause is not None and case.state in (State.APPLIED, State.INVESTIGATING)
        and services.proposes_repeat_error(case, earlier),
        "determination": determination,
        "superseded": case.determinations.filter(superseded_on__isnull=False).order_by("pk"),
        "review_window": services.review_window(case),
        "waiting": [(label_of(case.pack_id, name), missing) for name, missing in selectors.waiting_steps(user, case)],
        "open_step": refused or selectors.next_step(user, case),
        "verified": selectors.verified(case),
        "statements": case.statements.order_by("pk"),
        "is_officer": case.officer.user_id == user.pk,
        **_documents_panel(case, user),
    }
    note_read(user, case.pk, "案件页面")
    return render(request, "web/case_detail.html", context)


def _documents_panel(case: Case, user: User) -> dict[str, Any]:
    """The case's latest documents (the rest on the documents page) and its dossier."""
    from rongcuo.documents import dossier
    from rongcuo.documents import selectors as documents
    from rongcuo.documents.render import pdf_unavailable_reason

    issued = documents.documents_of(case)
    superseded = documents.superseded_ids(case)
    current = list(issued.exclude(pk__in=superseded).order_by("-pk")[:10])
    return {"documents": current, "documents_total": issued.count(), "pdf_reason": pdf_unavailable_reason(),
            "may_dossier": dossier.may_make(user, case), "dossier": documents.latest_dossier(case)}


LIST_FIELDS = {"investigators", "declared_interest", "facts"}


@login_required
def case_step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    case = _case(request, pk)
    if request.method != "POST":  # a step's address opened in the browser: show the case instead
        return redirect("web:case_detail", pk=pk)
    if action not in STEPS:
        raise Http404("未知的办理环节")
    try:
        check_permitted(action, case, _user(request))  # before the form is read
        values = step_forms.read(action, request.POST)
        run_step(action, case, _user(request), values)
    except (ProcedureError, step_forms.FormError) as error:
        messages.error(request, f"“{label_of(case.pack_id, action)}”未办理：{getattr(error, 'message', str(error))}")
        # keep what the user typed (every ticked box of a list too) and reopen that form
        request.session[f"draft:{pk}:{action}"] = {k: v if len(v) > 1 or k in LIST_FIELDS else v[0]
                                                  for k, v in request.POST.lists()}
        request.session[f"refused:{pk}"] = action
    else:
        messages.success(request, f"已办理：{label_of(case.pack_id, action)}")
    return redirect("web:case_detail", pk=pk)


@login_required
@require_POST
def case_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ProcedureError("missing_file", "请选择要上传的文件。")
        services.case_add_evidence(actor=_user(request), case=case, file=upload, description=request.POST.get("description", ""))
    except ProcedureError as error:
        messages.error(request, f"证据材料未提交：{error.message}")
    else:
        messages.success(request, "已提交证据材料。")
    return redirect("web:case_detail", pk=pk)


@login_required
def apply(request: HttpRequest) -> HttpResponse:
    """The officer's guided application: plain questions for exactly the facts the packs use."""
    user = _user(request)
    officers = list(Officer.objects.filter(user=user)) + list(
        Officer.objects.filter(agency__in=user.role_assignments.filter(role=Role.LIAISON).values("agency"))
    )
    if not officers:
        raise PermissionDenied("只有执法人员本人或所在机关的联络员可以申请容错认定。")
    used = {name for officer in officers for pack_id in officer.agency.jurisdiction.governing().rule_packs
            for c in get_pack(pack_id).evaluable for name in c.facts}
    form: dict[str, Any] = {"title": "", "narrative": "", "conduct_date": "", "officer": str(officers[0].pk)}
    selected: set[str] = set()
    if request.method == "POST":
        form = {key: request.POST.get(key, "") for key in form}
        selected = set(request.POST.getlist("f"))
        officer = next((o for o in officers if str(o.pk) == form["officer"]), None)
        try:
            if officer is None:
                raise ProcedureError("invalid", "请选择执法人员。")
            try:
                conduct = dt.date.fromisoformat(form["conduct_date"])
            except ValueError:
                raise ProcedureError("invalid", "请填写行为发生日期（年-月-日）。") from None
            source = Source.OWN_APPLICATION if officer.user_id == user.pk else Source.UNIT_APPLICATION
            case = services.case_apply(actor=user, officer=officer, source=source, title=form["title"], narrative=form["narrative"],
                                       conduct_date=conduct, facts=dict.fromkeys(selected, True))
        except ProcedureError as error:
            messages.error(request, f"申请未提交：{error.message}")
        else:
            messages.success(request, "申请已提交，等待行政执法监督机构立案。")
            return redirect("web:case_detail", pk=case.pk)
    context = {"officers": officers, "groups": fact_choices(selected, only=used), "form": form}
    return render(request, "web/apply.html", context)


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    """The cases in a state where a head's step (立案、延长期限、认定、复核) can be due, a page at a time,
    with what each waits for from this user."""
    user = _user(request)
    head_steps = {"file", "reject", "approve_extension", "determine", "decide_review"}
    states = set().union(*(STEPS[name].states for name in head_steps))
    candidates = selectors.case_list(user).filter(state__in=states) \
        if user.role_assignments.filter(role=Role.HEAD).exists() else Case.objects.none()
    page = page_of(request, candidates, size=20)
    rows = []
    for case in loaded.load(page.object_list):
        waiting = [label_of(case.pack_id, s) for s in selectors.allowed_steps(user, case) if s in head_steps]
        if waiting:
            rows.append((case, waiting))
    return render(request, "web/approvals.html", {"rows": rows, "page": page})


@login_required
def case_evidence_file(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    """An evidence file, for those who may see the case (and no one else): files are never served
    from a public folder."""
    case = _case(request, pk)
    evidence = case.evidence.filter(pk=evidence_pk).first()
    stored = evidence.file.name if evidence is not None else None
    if evidence is None or not stored or not evidence.file.storage.exists(stored):
        raise Http404("证据材料不存在")
    name = evidence.original_name or stored.rsplit("/", 1)[-1]
    note_read(_user(request), case.pk, f"证据材料 {evidence.pk}")
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=name)
