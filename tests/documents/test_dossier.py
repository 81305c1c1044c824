"""The dossier (卷宗): made at 归档 — index with page counts, every document in order, evidence, the
record readable, and a clean chain-verification report; only the handler and the head get it."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from docx import Document
from rest_framework.test import APIClient

from rongcuo.cases import services as s
from rongcuo.cases.models import Case, State
from rongcuo.core.models import Event
from rongcuo.documents.dossier import dossier_make
from rongcuo.documents.models import Dossier, IssuedDocument

TODAY = dt.date.today()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def archived_licheng(place: Any) -> Case:
    case = ready_to_archive(place)
    s.case_archive(actor=place.handler, case=case)
    return case


def ready_to_archive(place: Any) -> Case:
    case = s.case_apply(actor=place.officer_user, officer=place.officer, source="own_application", title="未及时发现隐患",
                        narrative="检查时企业隐瞒了隐患。", conduct_date=dt.date(2025, 6, 1),
                        facts={"counterparty_concealed_information": True})
    s.case_file(actor=place.head, case=case)
    s.case_assign_investigators(actor=place.handler, case=case, investigators=place.investigators[:2])
    s.case_add_evidence(actor=place.officer_user, case=case, file=SimpleUploadedFile("检查记录.pdf", PDF), description="现场检查记录")
    s.case_update_facts(actor=place.handler, case=case, facts=dict(case.facts), reason="经询问核实")
    s.case_record_statement(actor=place.officer_user, case=case, text="企业故意隐瞒。")
    s.case_determine(actor=place.head, case=case, disposition="免责", opinion="符合容错情形，予以免责。")
    s.case_notify(actor=place.handler, case=case, recipients="张执法")
    s.case_acknowledge_receipt(actor=place.officer_user, case=case)
    s.case_request_review(actor=place.officer_user, case=case, grounds="请求复核。")
    s.case_decide_review(actor=place.head, case=case, upheld=True, decision="维持原认定。")
    task = s.case_add_rectification_task(actor=place.handler, case=case, description="完善检查记录制度",
                                         due_on=TODAY + dt.timedelta(days=10))
    s.case_complete_task(actor=place.officer_user, task=task, report="已完善。")
    return case


def unzipped(dossier: Dossier) -> zipfile.ZipFile:
    with dossier.file.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def test_archiving_makes_the_dossier_with_everything_in_order_and_a_clean_verification(licheng: Any, libreoffice: str) -> None:
    case = archived_licheng(licheng)
    assert case.state == State.ARCHIVED
    dossier = Dossier.objects.get(case=case)
    archive = unzipped(dossier)
    names = archive.namelist()
    kinds = list(dict.fromkeys(IssuedDocument.objects.filter(case=case).order_by("pk").values_list("kind", flat=True)))
    numbered = [n for n in names if n[:2].isdigit() and n.endswith(".docx") and not n.startswith("00_")]
    assert [n.split("_", 1)[1].split("_第")[0].removesuffix(".docx") for n in numbered] == kinds  # in the order issued
    assert all(n.replace(".docx", ".pdf") in names for n in numbered)
    assert {"00_卷内目录.docx", "操作记录.csv", "操作记录.docx", "记录校验报告.txt",
            "SHA256SUMS.txt", "证据材料/01_现场检查记录.pdf"} <= set(names)
    assert archive.read("证据材料/01_现场检查记录.pdf") == PDF
    report = archive.read("记录校验报告.txt").decode()
    assert "结论：校验通过" in report
    made = Event.objects.get(stream=case.stream, action="make_dossier")
    assert f"本案第 1 至第 {made.sequence - 1} 条操作记录" in report  # every event before the dossier's own
    for line in archive.read("SHA256SUMS.txt").decode().splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256(archive.read(name)).hexdigest() == digest, name
    record = list(csv.reader(io.StringIO(archive.read("操作记录.csv").decode("utf-8-sig"))))
    assert record[0][:5] == ["序号", "时间", "操作人", "操作", "摘要"]
    assert [row[3] for row in record[1:]].count("归档") == 1  # actions named as the reader knows them
    assert not any(row[3].isascii() for row in record[1:])
    index = Document(io.BytesIO(archive.read("00_卷内目录.docx")))
    cells = [[c.text for c in row.cells] for row in index.tables[0].rows]
    assert cells[0] == ["序号", "文书", "文号", "日期", "页数", "起止页", "文件"]
    pages = [int(row[4]) for row in cells[1:]]
    assert all(p >= 1 for p in pages)
    assert cells[1][5] == f"1–{pages[0]}"  # 起止页 run on from document to document
    assert cells[2][5].startswith(f"{pages[0] + 1}–")
    assert dossier.chain_clean
    assert Event.objects.filter(stream=case.stream, action="make_dossier", after__sha256=dossier.sha256).exists()
    with dossier.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == dossier.sha256


def test_the_dossier_reports_a_document_changed_on_disk(licheng: Any) -> None:
    case = archived_licheng(licheng)
    document = IssuedDocument.objects.filter(case=case).first()
    assert document is not None
    with open(document.file.path, "ab") as handle:  # someone edits the stored file beside the application
        handle.write(b"tampered")
    again = dossier_make(actor=licheng.head, case=case)
    assert again.version == 2
    assert not again.chain_clean
    report = unzipped(again).read("记录校验报告.txt").decode()
    assert "文件内容与记录的 SHA-256 不符" in report


def test_only_the_handler_and_the_head_get_the_dossier(licheng: Any) -> None:
    case = archived_licheng(licheng)
    for who, status in ((licheng.handler, 200), (licheng.head, 200), (licheng.officer_user, 403),
                        (licheng.investigators[0], 403), (licheng.liaison, 403)):
        api, web = APIClient(), Client()
        api.force_authenticate(who)
        web.force_login(who)
        assert api.get(f"/api/cases/{case.pk}/dossier/").status_code == status, who
        assert api.get(f"/api/cases/{case.pk}/dossier/file/").status_code == status, who
        assert web.get(f"/cases/{case.pk}/dossier/").status_code == status, who
    api = APIClient()
    api.force_authenticate(licheng.officer_user)
    assert api.post(f"/api/cases/{case.pk}/dossier/").status_code == 403
    api.force_authenticate(licheng.head)
    made = api.post(f"/api/cases/{case.pk}/dossier/")
    assert made.status_code == 201
    assert made.json()["version"] == 2
    body = api.get(f"/api/cases/{case.pk}/dossier/").json()
    assert body["chain_clean"] is True
    assert body["download"] == f"/api/cases/{case.pk}/dossier/file/"


def test_a_dossier_that_fails_at_archive_leaves_the_case_archived_and_offers_to_make_it(licheng: Any) -> None:
    case = ready_to_archive(licheng)
    evidence = case.evidence.get()
    kept = evidence.file.read()
    evidence.file.close()
    evidence.file.storage.delete(evidence.file.name)  # the storage lost a file: the dossier cannot be made
    s.case_archive(actor=licheng.handler, case=case)
    assert case.state == State.ARCHIVED
    assert not Dossier.objects.filter(case=case).exists()
    web = Client()
    web.force_login(licheng.handler)
    page = web.get(f"/cases/{case.pk}/").content.decode()
    assert "卷宗尚未制作成功" in page
    with evidence.file.storage.open(evidence.file.name, "wb") as handle:  # restored from the backup
        handle.write(kept)
    response = web.post(f"/cases/{case.pk}/dossier/make/", follow=True)
    assert "已制作卷宗第1版" in response.content.decode()


def test_a_failing_libreoffice_still_gives_a_dossier_that_says_why_pages_are_not_counted(
        licheng: Any, settings: Any) -> None:
    settings.RONGCUO_SOFFICE = "/nonexistent/soffice"  # configured, but it does not run
    case = archived_licheng(licheng)
    index = Document(io.BytesIO(unzipped(Dossier.objects.get(case=case)).read("00_卷内目录.docx")))
    assert any("页数未计：PDF 生成失败" in p.text for p in index.paragraphs)


@pytest.mark.parametrize("who", ["officer_user", "liaison"])
def test_the_print_page_shows_the_case_on_paper_to_whoever_sees_it(licheng: Any, who: str) -> None:
    case = archived_licheng(licheng)
    web = Client()
    web.force_login(getattr(licheng, who))
    page = web.get(f"/cases/{case.pk}/print/").content.decode()
    assert case.number in page
    assert "《容错纠错认定决定书》" in page
    assert "归档" in page
    assert "make_dossier" not in page
    assert "web/print.css" in page


def test_asking_for_a_dossier_not_made_yet_says_so(licheng: Any) -> None:
    case = ready_to_archive(licheng)
    api = APIClient()
    api.force_authenticate(licheng.handler)
    answer = api.get(f"/api/cases/{case.pk}/dossier/")
    assert answer.status_code == 404
    assert "本案尚未制作卷宗" in answer.json()["error"]["message"]
