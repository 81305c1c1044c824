"""信访举报 coming in: from the public portal or its API (no account), or registered by the office
from a letter, a visit, a 12345 hotline transfer or a referral by discipline inspection. Every
complaint gets a receipt shown once; a named reporter's identity is sealed and masked out of the
text before anything is stored."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from rongcuo.complaints import redaction, sealing
from rongcuo.complaints.errors import InvalidInput, NotAllowed, ProcedureError
from rongcuo.complaints.limits import (
    ADDRESS_MAX,
    ATTACHMENT_BYTES_MAX,
    ATTACHMENTS_MAX,
    ID_NUMBER_MAX,
    NAME_MAX,
    NOTE_MAX,
    PHONE_MAX,
    SHORT_MAX,
    TEXT_MAX,
    TICKET_MAX,
)
from rongcuo.complaints.models import Addition, Attachment, Channel, Complaint, Status
from rongcuo.complaints.services.common import (
    address_key_of,
    as_id,
    need_office,
    office_places,
    record,
    text,
    throttle,
    today,
)
from rongcuo.core import files
from rongcuo.core.errors import RefusedInput
from rongcuo.core.models import Agency, Jurisdiction, User
from rongcuo.core.records import keep_file, unit_of_work

FILINGS_PER_HOUR = 5
PHONE = re.compile(r"^\+?[0-9][0-9 -]{4,19}$")


def portal_jurisdictions() -> list[Jurisdiction]:
    """Where a complaint may be filed: the jurisdictions that have a regulation in force."""
    return [j for j in Jurisdiction.objects.order_by("pk") if j.rule_packs]


def _identity(raw: dict[str, Any] | None, anonymous: bool) -> dict[str, str] | None:
    if anonymous:
        if raw and any(str(v or "").strip() for v in raw.values()):
            raise InvalidInput("identity_with_anonymous", "选择匿名举报时请不要填写姓名、身份证号、电话或地址。")
        return None
    raw = raw or {}
    if not isinstance(raw, dict):
        raise InvalidInput("invalid_identity", "举报人信息格式不对。")
    identity = {
        "name": text(raw.get("name"), NAME_MAX, "举报人姓名"),
        "id_number": text(raw.get("id_number"), ID_NUMBER_MAX, "身份证号", required=False).upper(),
        "phone": text(raw.get("phone"), PHONE_MAX, "联系电话", required=False),
        "address": text(raw.get("address"), ADDRESS_MAX, "联系地址", required=False),
    }
    if identity["id_number"] and not redaction.ID_NUMBER.fullmatch(identity["id_number"]):
        raise InvalidInput("invalid_id_number", "身份证号格式不对（18 位，最后一位可以是 X）。")
    if identity["phone"] and not PHONE.match(identity["phone"]):
        raise InvalidInput("invalid_phone", "联系电话格式不对，只能包含数字、空格和连字符。")
    if not (identity["phone"] or identity["address"]):
        raise InvalidInput("missing_contact", "实名举报请至少留下联系电话或联系地址，以便反馈结果。")
    return identity


# Extensions that name the same kind of content as filetype reports it.
SAME_KIND = {"jpg": {"jpg", "jpeg"}, "tif": {"tif", "tiff"}, "mp4": {"mp4", "m4v"}, "txt": {"txt", "csv"}}


def _attachments(uploads: Sequence[Any]) -> list[tuple[Any, str]]:
    """Checked uploads with their kind; a file whose content is not what its name says (a page named
    照片.jpg, a program named 报告.pdf) is refused: the office opens these files."""
    if len(uploads) > ATTACHMENTS_MAX:
        raise InvalidInput("too_many_files", f"一次最多提交 {ATTACHMENTS_MAX} 个附件。")
    checked = []
    for upload in uploads:
        if (getattr(upload, "size", 0) or 0) > ATTACHMENT_BYTES_MAX:
            raise InvalidInput("file_too_large", f"每个附件不能超过 {ATTACHMENT_BYTES_MAX // 1024 // 1024} MB"
                                                 f"（“{str(getattr(upload, 'name', ''))[:40]}”过大）。")
        try:
            kind = files.check_upload(upload, "附件")
        except RefusedInput as refused:
            raise InvalidInput(refused.code, refused.message) from None
        extension = str(getattr(upload, "name", "") or "").rsplit(".", 1)[-1].lower()
        if extension not in SAME_KIND.get(kind, {kind}):
            raise InvalidInput("file_type", f"附件“{_safe_name(upload, [])[:40]}”的内容与文件名不符，请以原始格式提交。")
        checked.append((upload, kind))
    return checked


def _safe_name(upload: Any, secrets: list[str]) -> str:
    """A file's name as the office sees it: no markup, and neither the reporter's identity nor any
    ID number or phone (people put their names in file names)."""
    name = "".join(c for c in str(getattr(upload, "name", "") or "") if c not in '<>"\'`&\\/' and c.isprintable())
    return redaction.redact(name, secrets=secrets)[-SHORT_MAX:]


def _store(complaint: Complaint, checked: list[tuple[Any, str]], from_reporter: bool, secrets: list[str]) -> None:
    for upload, kind in checked:
        stored = files.store(upload, "complaints", kind)
        keep_file(stored)
        attachment = Attachment(complaint=complaint, sha256=stored.sha256, from_reporter=from_reporter,
                                original_name=_safe_name(upload, secrets))
        attachment.file.name = stored.name
        attachment.save()


def _place_and_agency(jurisdiction_id: Any, agency_id: Any) -> tuple[Jurisdiction, Agency | None]:
    place = next((j for j in portal_jurisdictions() if str(j.pk) == str(jurisdiction_id)), None)
    if place is None:
        raise InvalidInput("invalid_jurisdiction", "请选择受理举报的县（区）。")
    agency = None
    if agency_id not in (None, ""):
        agency = Agency.objects.filter(pk=as_id(agency_id),
                                       jurisdiction__in=place.subtree_ids()).first()
        if agency is None:
            raise InvalidInput("invalid_agency", f"所选被举报单位不属于{place.name}。")
    return place, agency


def _create(*, place: Jurisdiction, agency: Agency | None, channel: str, ticket: str, received_on: dt.date,
            actor: User | None, reported_person: str, body: str, identity: dict[str, str] | None,
            checked: list[tuple[Any, str]]) -> tuple[Complaint, str]:
    secrets = list(identity.values()) if identity else []
    receipt = sealing.new_receipt()
    with unit_of_work():
        complaint = Complaint.objects.create(
            jurisdiction=place, agency=agency, channel=channel, ticket=ticket, received_on=received_on,
            registered_by=actor, reported_person=redaction.redact(reported_person, secrets=secrets, patterns=False),
            text=redaction.redact(body, secrets=secrets, patterns=False), anonymous=identity is None,
            sealed_identity=sealing.seal(identity) if identity else "", receipt_hash=sealing.receipt_hash(receipt))
        _store(complaint, checked, from_reporter=True, secrets=secrets)
        record(complaint, actor, "complaint_received",
               f"收到{Channel(channel).label}{'（工单号 ' + ticket + '）' if ticket else ''}：{complaint.reporter_label}",
               after={"channel": channel, "anonymous": complaint.anonymous, "agency": agency.pk if agency else None,
                      "attachments": len(checked)})
    return complaint, receipt


def complaint_file(*, jurisdiction_id: Any, text_body: Any, reported_person: Any = "", agency_id: Any = None,
                   anonymous: bool = True, identity: dict[str, Any] | None = None, attachments: Sequence[Any] = (),
                   address: str = "") -> tuple[Complaint, str]:
    """A complaint filed on the portal or through the public API, without an account. Returns the
    complaint and its receipt, which is never stored and cannot be shown again."""
    place, agency = _place_and_agency(jurisdiction_id, agency_id)
    body = text(text_body, TEXT_MAX, "举报内容")
    person = text(reported_person, SHORT_MAX, "被举报人", required=False)
    sealed = _identity(identity, anonymous)
    checked = _attachments(attachments)
    throttle(f"file:{address_key_of(address)}", FILINGS_PER_HOUR, dt.timedelta(hours=1),
             f"同一网络一小时内最多提交 {FILINGS_PER_HOUR} 件举报，请稍后再试，或拨打 12345 热线反映。")
    return _create(place=place, agency=agency, channel=Channel.WEB, ticket="", received_on=today(), actor=None,
                   reported_person=person, body=body, identity=sealed, checked=checked)


def complaint_register(*, actor: User, jurisdiction: Jurisdiction, channel: str, received_on: dt.date,
                       text_body: Any, reported_person: Any = "", agency_id: Any = None, ticket: Any = "",
                       anonymous: bool = True, identity: dict[str, Any] | None = None,
                       attachments: Sequence[Any] = ()) -> tuple[Complaint, str]:
    """A complaint the office registers from a letter, a visit, a hotline transfer or a referral."""
    if jurisdiction.pk not in office_places(actor):
        raise NotAllowed("not_allowed", "您无权登记该辖区的信访举报。")
    if channel not in Channel.values or channel == Channel.WEB:
        raise InvalidInput("invalid_channel", "请选择来源渠道：来信、来访、12345 热线转办或纪检监察机关移送。")
    ticket_text = text(ticket, TICKET_MAX, "工单号", required=channel == Channel.HOTLINE)
    if received_on > today():
        raise InvalidInput("invalid_date", "收到日期不能晚于今天。")
    place, agency = _place_and_agency(jurisdiction.governing().pk, agency_id)
    return _create(place=place, agency=agency, channel=channel, ticket=ticket_text, received_on=received_on, actor=actor,
                   reported_person=text(reported_person, SHORT_MAX, "被举报人", required=False),
                   body=text(text_body, TEXT_MAX, "举报内容"), identity=_identity(identity, anonymous),
                   checked=_attachments(attachments))


def complaint_add(*, complaint: Complaint, text_body: Any, attachments: Sequence[Any] = (), address: str = "") -> Addition:
    """The reporter adds information with the receipt (the portal found the complaint by it)."""
    if complaint.status == Status.ARCHIVED:
        raise ProcedureError("archived", "该举报已归档，不能再补充材料。")
    body = text(text_body, NOTE_MAX, "补充内容")
    checked = _attachments(attachments)
    throttle(f"add:{address_key_of(address)}", FILINGS_PER_HOUR * 2, dt.timedelta(hours=1),
             "补充过于频繁，请稍后再试。")
    secrets = list(sealing.unseal(complaint.sealed_identity).values()) if complaint.sealed_identity else []
    with unit_of_work():
        addition = Addition.objects.create(complaint=complaint, text=redaction.redact(body, secrets=secrets, patterns=False))
        _store(complaint, checked, from_reporter=True, secrets=secrets)
        record(complaint, None, "complaint_addition", f"举报人补充材料（附件 {len(checked)} 个）",
               after={"addition": addition.pk})
    return addition


def attachment_for(actor: User, complaint: Complaint, pk: int) -> Attachment:
    """A complaint's file, for the office that handles it only."""
    need_office(actor, complaint, "查看举报材料")
    found = complaint.attachments.filter(pk=pk).first()
    if found is None:
        raise InvalidInput("not_found", "材料不存在。")
    return found


LOOKUPS_PER_WINDOW = 10
LOOKUP_WINDOW = dt.timedelta(minutes=10)


def complaint_lookup(*, receipt: Any, address: str) -> Complaint | None:
    """The complaint a receipt belongs to, or None; every try counts against the address's limit
    (10 in 10 minutes), right or wrong, so receipts cannot be guessed."""
    throttle(f"receipt:{address_key_of(address)}", LOOKUPS_PER_WINDOW, LOOKUP_WINDOW,
             "查询过于频繁，请 10 分钟后再试。")
    if not sealing.well_formed(receipt):
        return None
    return Complaint.objects.filter(receipt_hash=sealing.receipt_hash(receipt)).select_related("jurisdiction").first()
