"""Documents: how long a 认定决定书 .docx takes to make, and a 20-document dossier ZIP.

    .venv/bin/python benchmarks/documents.py [--repeat 50]

It works in a temporary SQLite database and media folder (nothing of var/ is touched), takes a
历城区 case through the procedure with the services (so every document is made as in use), adds
statements until the case has 20 documents, then times:
- the 认定决定书 from the record: content, template and .docx (`documents.services.draft_of` +
  `render.render_docx`), median of --repeat runs;
- the dossier ZIP without PDFs (a server without LibreOffice), median of 5;
- the first dossier with LibreOffice (every PDF made in one LibreOffice run), then a later one when
  the PDFs exist, if LibreOffice is installed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
WORK = Path(tempfile.mkdtemp(prefix="rongcuo-bench-documents-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK}/bench.sqlite3"
os.environ["RONGCUO_DATA_DIR"] = str(WORK)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from rongcuo.cases import services as s  # noqa: E402
from rongcuo.core.models import Agency, Jurisdiction, Officer, RoleAssignment, User  # noqa: E402
from rongcuo.core.roles import Role  # noqa: E402
from rongcuo.documents import dossier  # noqa: E402
from rongcuo.documents.models import IssuedDocument  # noqa: E402
from rongcuo.documents.render import render_docx  # noqa: E402
from rongcuo.documents.services import draft_of, template_for  # noqa: E402


def a_case() -> tuple[object, User, User]:
    place = Jurisdiction.objects.create(name="历城区", level="county", rule_packs=["licheng-2025"], number_prefix="历司",
                                        office_name="济南市历城区司法局")
    agency = Agency.objects.create(name="历城区市场监督管理局", jurisdiction=place)

    def person(name: str, role: str | None) -> User:
        user = User.objects.create_user(username=name, password="bench-password-1", first_name=name)
        if role:
            RoleAssignment.objects.create(user=user, role=role, jurisdiction=place)
        return user

    officer_user, handler, head = person("officer", None), person("handler", Role.HANDLER), person("head", Role.HEAD)
    investigators = [person(f"inv{i}", Role.INVESTIGATOR) for i in range(2)]
    officer = Officer.objects.create(name="张执法", certificate_number="37010000001", agency=agency, user=officer_user)
    case = s.case_apply(actor=officer_user, officer=officer, source="own_application", title="未及时发现隐患",
                        narrative="检查时企业隐瞒了隐患。" * 20, conduct_date=dt.date(2025, 6, 1),
                        facts={"counterparty_concealed_information": True, "actively_remedied": True})
    s.case_file(actor=head, case=case)
    s.case_assign_investigators(actor=handler, case=case, investigators=investigators)
    s.case_update_facts(actor=handler, case=case, facts=dict(case.facts), reason="经询问核实")
    while IssuedDocument.objects.filter(case=case).count() < 16:
        s.case_record_statement(actor=officer_user, case=case, text="本人已按规定检查，企业故意隐瞒。" * 10)
    s.case_determine(actor=head, case=case, disposition="免责", opinion="符合容错情形，予以免责。")
    s.case_notify(actor=handler, case=case, recipients="张执法、历城区市场监督管理局")
    s.case_record_receipt(actor=handler, case=case, received_on=dt.date.today(), method="直接送达")
    return case, handler, head


def timed(run: object, times: int) -> float:
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    settings.RONGCUO_SOFFICE = ""
    case, handler, head = a_case()
    count = IssuedDocument.objects.filter(case=case).count()
    determination = case.determination  # type: ignore[attr-defined]
    subject = f"determination:{determination.pk}"

    def decision() -> bytes:
        draft, issuer = draft_of(case, head, "容错纠错认定决定书", subject)  # type: ignore[arg-type]
        return render_docx(template_for(case.jurisdiction, "letter"), draft, issuer=issuer,  # type: ignore[attr-defined]
                           issued_on=dt.date.today(), case_number=case.number)  # type: ignore[attr-defined]

    decision()  # warm: the default template is built once per process
    print(f"认定决定书 .docx（内容、模板、排版）：中位数 {timed(decision, args.repeat) * 1000:.1f} ms（{args.repeat} 次；目标 < 200 ms）")
    print(f"案件文书 {count} 份")
    no_pdf = timed(lambda: dossier.dossier_make(actor=handler, case=case), 5)  # type: ignore[arg-type]
    print(f"卷宗 ZIP，不生成 PDF：中位数 {no_pdf:.2f} s（5 次；目标 < 3 s）")
    program = shutil.which("soffice")
    if program:
        settings.RONGCUO_SOFFICE = program
        start = time.perf_counter()
        dossier.dossier_make(actor=handler, case=case)  # type: ignore[arg-type]
        print(f"首次制作含 PDF 的卷宗（{count} 份文书一次转换）：{time.perf_counter() - start:.2f} s")
        again = timed(lambda: dossier.dossier_make(actor=handler, case=case), 3)  # type: ignore[arg-type]
        print(f"PDF 已生成后再制作卷宗：中位数 {again:.2f} s（3 次）")
    else:
        print("未安装 LibreOffice：未测含 PDF 的卷宗")
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
