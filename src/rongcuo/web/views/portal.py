"""The public portal at /portal/: no account, read-only except the complaint form, the receipt
lookup (with additions) and comments on the lists. Only approved, redacted material is shown."""

from __future__ import annotations

import time
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters

from rongcuo.cases.errors import ProcedureError
from rongcuo.complaints import limits, selectors, services
from rongcuo.complaints.models import Complaint
from rongcuo.core.clients import client_address
from rongcuo.core.models import Agency
from rongcuo.ledger.table import KINDS
from rongcuo.portal import selectors as portal
from rongcuo.portal.services import comment_submit
from rongcuo.web.pages import page_of
from rongcuo.web.views.complaints import _identity_form, _no_store

SESSION_KEY = "portal_complaint"
SESSION_MINUTES = 30


def portal_home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/portal_home.html", {"places": portal.places()})


def _place(pk: int) -> Any:
    found = portal.place(pk)
    if found is None:
        raise Http404("辖区不存在")
    return found


def portal_place(request: HttpRequest, pk: int) -> HttpResponse:
    place = _place(pk)
    return render(request, "web/portal_place.html", {"place": place, "packs": portal.regulations(place)})


def portal_lists(request: HttpRequest, pk: int) -> HttpResponse:
    place = _place(pk)
    if request.method == "POST":
        try:
            comment_submit(jurisdiction=place, pack_id=request.POST.get("pack", ""), clause=request.POST.get("clause", ""),
                           body=request.POST.get("text", ""), address=client_address(request))
        except ProcedureError as error:
            messages.error(request, f"意见未提交：{error.message}")
        else:
            messages.success(request, "意见已提交，经审核后连同答复公开。")
        return redirect("web:portal_lists", pk=place.pk)
    return render(request, "web/portal_lists.html", {"place": place, "lists": portal.lists(place)})


def portal_decisions(request: HttpRequest) -> HttpResponse:
    chosen = portal.place(request.GET.get("jurisdiction", ""))
    return render(request, "web/portal_decisions.html", {"places": portal.places(), "chosen": chosen,
                                                         "page": page_of(request, portal.releases(chosen), size=20)})


def portal_decision(request: HttpRequest, pk: int) -> HttpResponse:
    release = portal.releases().filter(pk=pk).first()
    if release is None:
        raise Http404("未公开或不存在")
    return render(request, "web/portal_decision.html", {"r": release})


def portal_statistics(request: HttpRequest, pk: int) -> HttpResponse:
    place = _place(pk)
    today = timezone.localdate()
    figures = portal.statistics(place, today)
    if figures is None:
        raise Http404("该辖区未公开执法统计")
    bars = [(name, figures.filed[code], figures.closed[code]) for code, name in KINDS]
    return render(request, "web/portal_statistics.html", {"place": place, "figures": figures, "bars": bars,
                                                          "year": today.year, "today": today})


IDENTITY_FIELDS = ("identity_name", "identity_id_number", "identity_phone", "identity_address")


@sensitive_post_parameters(*IDENTITY_FIELDS)
def portal_complaint(request: HttpRequest) -> HttpResponse:
    places = portal.places()
    agencies = Agency.objects.filter(jurisdiction__in=[i for p in places for i in p.subtree_ids()]) \
        .select_related("jurisdiction").order_by("jurisdiction__name", "name")
    context = {"places": places, "agencies": agencies, "limits": limits, "form": request.POST}
    if request.method != "POST":
        return render(request, "web/portal_complaint.html", context)
    post = request.POST
    if post.get("website"):  # the hidden field only robots fill in
        messages.error(request, "举报未提交：请勿填写隐藏的“网址”栏。")
        return _no_store(render(request, "web/portal_complaint.html", context, status=400))
    anonymous, identity = _identity_form(post)
    try:
        complaint, receipt = services.complaint_file(
            jurisdiction_id=post.get("jurisdiction", ""), text_body=post.get("text", ""),
            reported_person=post.get("reported_person", ""), agency_id=post.get("agency") or None, anonymous=anonymous,
            identity=identity, attachments=request.FILES.getlist("attachments"), address=client_address(request))
    except ProcedureError as error:
        messages.error(request, f"举报未提交：{error.message}")
        # the form comes back with what was typed (the identity too): never kept by a cache
        return _no_store(render(request, "web/portal_complaint.html", context, status=getattr(error, "http_status", 400)))
    return _no_store(render(request, "web/complaint_receipt.html", {"complaint": complaint, "receipt": receipt,
                                                                    "office": False}))


@sensitive_post_parameters("receipt")
def portal_receipt(request: HttpRequest) -> HttpResponse:
    """The receipt is posted, never put in a link (links end up in logs and histories); the session
    then remembers the complaint for half an hour."""
    if request.method == "POST":
        receipt = "".join(request.POST.get("receipt", "").split())
        try:
            complaint = services.complaint_lookup(receipt=receipt, address=client_address(request))
        except ProcedureError as error:
            messages.error(request, error.message)
            return render(request, "web/portal_receipt.html", status=429)
        if complaint is None:
            messages.error(request, "回执码不正确：请核对 16 位数字。")
            return render(request, "web/portal_receipt.html", status=404)
        request.session.cycle_key()
        request.session[SESSION_KEY] = {"complaint": complaint.pk, "until": time.time() + SESSION_MINUTES * 60}
        return redirect("web:portal_progress")
    return _no_store(render(request, "web/portal_receipt.html"))


def _remembered(request: HttpRequest) -> Complaint | None:
    held = request.session.get(SESSION_KEY) or {}
    if not held or held.get("until", 0) < time.time():
        request.session.pop(SESSION_KEY, None)
        return None
    return Complaint.objects.filter(pk=int(held.get("complaint") or 0)).first()


def portal_progress(request: HttpRequest) -> HttpResponse:
    complaint = _remembered(request)
    if complaint is None:
        messages.error(request, "请输入回执码。")
        return redirect("web:portal_receipt")
    if request.method == "POST":
        try:
            services.complaint_add(complaint=complaint, text_body=request.POST.get("text", ""),
                                   attachments=request.FILES.getlist("attachments"), address=client_address(request))
        except ProcedureError as error:
            messages.error(request, f"补充未提交：{error.message}")
        else:
            messages.success(request, "补充材料已提交。")
        return redirect("web:portal_progress")
    return _no_store(render(request, "web/portal_progress.html", {"p": selectors.progress(complaint), "limits": limits}))
