"""Lay a draft out as .docx in its template (docxtpl), and turn .docx into PDF with LibreOffice.

The body is written with the GB/T 9704 format set on each paragraph and run (3号仿宋, exact
28.95 pt lines, two-character first-line indent; 一级标题 in 3号黑体), so it keeps that format in
any template. PDF needs LibreOffice (`soffice`); without it the .docx is still made and the
PDF is reported as unavailable with the reason.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docxtpl import DocxTemplate

from rongcuo.documents.drafts import Draft, Heading, Para, Table, numeral_date
from rongcuo.documents.layout import BODY_PT, Fonts, fonts, set_exact_lines, set_run_font

ALIGN = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "left": WD_ALIGN_PARAGRAPH.LEFT,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER}
SEAL = "（印章）"
PDF_TIMEOUT_SECONDS = 180


def _borders(table: Any) -> None:
    """Single black borders set on the table itself: a template from Word may lack 'Table Grid'."""
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "0"), ("w:color", "000000")):
            element.set(qn(key), value)
        borders.append(element)
    properties.append(borders)


def _write_body(target: Any, blocks: Sequence[Para | Heading | Table], f: Fonts) -> None:
    for block in blocks:
        if isinstance(block, Heading):
            paragraph = target.add_paragraph()
            set_exact_lines(paragraph, first_line_chars=2)
            paragraph.paragraph_format.keep_with_next = True  # never the last line of a page
            set_run_font(paragraph.add_run(block.text), f.heading, BODY_PT)
        elif isinstance(block, Para):
            paragraph = target.add_paragraph()
            paragraph.alignment = ALIGN[block.align]
            set_exact_lines(paragraph, first_line_chars=2 if block.indent else 0)
            set_run_font(paragraph.add_run(block.text), f.body, BODY_PT)
        else:
            columns = len(block.widths)
            table = target.add_table(rows=0, cols=columns)
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            _borders(table)
            for values in block.rows:
                cells = table.add_row().cells
                for index, width in enumerate(block.widths):
                    cell = cells[index]
                    cell.width = Mm(width)
                    lines = str(values[index] if index < len(values) else "").splitlines() or [""]
                    first = cell.paragraphs[0]
                    for number, line in enumerate(lines):
                        paragraph = first if number == 0 else cell.add_paragraph()
                        set_exact_lines(paragraph)
                        if line:
                            set_run_font(paragraph.add_run(line), f.body, BODY_PT)


def render_docx(template: bytes, draft: Draft, *, issuer: str, issued_on: dt.date, case_number: str,
                seal: str = SEAL) -> bytes:
    """The document as .docx bytes: the draft in the template, GB/T 9704 layout."""
    document = DocxTemplate(io.BytesIO(template))
    body = document.new_subdoc()
    _write_body(body, draft.body, fonts())
    day = draft.date or issued_on
    context = {
        "issuer": issuer, "title": draft.title, "number": draft.number, "recipient": draft.recipient,
        "body": body, "signed": draft.signed, "seal": seal, "date": numeral_date(day),
        "date_arabic": f"{day.year}年{day.month}月{day.day}日", "case_number": case_number,
    }
    from rongcuo.documents.template_check import environment

    document.render(context, jinja_env=environment())  # sandboxed and autoescaping
    properties = document.docx.core_properties
    properties.title, properties.author, properties.comments = draft.title, issuer, draft.number
    stamp = dt.datetime.combine(issued_on, dt.time())
    properties.created = properties.modified = stamp
    properties.last_modified_by = issuer
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- PDF -----------------------------------------------------------------------------------------

def soffice() -> str | None:
    """LibreOffice's program: RONGCUO_SOFFICE when set (empty: PDF off), else found on the PATH."""
    configured = getattr(settings, "RONGCUO_SOFFICE", None)
    if configured is not None:
        return str(configured) or None
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_unavailable_reason() -> str | None:
    """Why PDF cannot be made here, in words for the user, or None when it can."""
    if soffice() is None:
        return "服务器未安装 LibreOffice，暂不能生成 PDF；可下载 Word 文件打印（安装方法见运维手册）。"
    return None


# Free fonts that stand in for the official ones when the server renders a PDF (docs/documents.md).
SUBSTITUTES = {
    "方正小标宋简体": ("Noto Serif CJK SC", "bold"), "方正小标宋_GBK": ("Noto Serif CJK SC", "bold"),
    "仿宋_GB2312": ("Noto Serif CJK SC", None), "仿宋": ("Noto Serif CJK SC", None),
    "黑体": ("Noto Sans CJK SC", None), "宋体": ("Noto Serif CJK SC", None), "楷体_GB2312": ("Noto Serif CJK SC", None),
}


def _fontconfig(folder: Path) -> Path:
    """A fontconfig file that includes the system's and maps each official font to its free stand-in
    (used only when the official font is not installed: an installed font matches first)."""
    rules = []
    for official, (free, weight) in SUBSTITUTES.items():
        edit = f'<edit name="family" mode="append" binding="weak"><string>{free}</string></edit>'
        if weight:
            edit += f'<edit name="weight" mode="assign"><const>{weight}</const></edit>'
        rules.append(f'<match target="pattern"><test name="family"><string>{official}</string></test>{edit}</match>')
    path = folder / "fonts.conf"
    path.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>' + "".join(rules) + "</fontconfig>",
                    encoding="utf-8")
    return path


def to_pdf(documents: dict[str, bytes]) -> dict[str, bytes]:
    """Convert .docx files (name → bytes) to PDF in one LibreOffice run; returns name → PDF bytes.
    Each run has its own profile, so conversions in parallel requests do not block each other."""
    program = soffice()
    if program is None:
        raise RuntimeError(pdf_unavailable_reason())
    with tempfile.TemporaryDirectory(prefix="rongcuo-pdf-") as work:
        folder = Path(work)
        inputs = []
        for name, content in documents.items():
            path = folder / f"{name}.docx"
            path.write_bytes(content)
            inputs.append(str(path))
        profile = folder / f"profile-{uuid.uuid4().hex}"
        env = {**os.environ, "FONTCONFIG_FILE": str(_fontconfig(folder)), "HOME": work}
        subprocess.run(
            [program, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--nolockcheck",
             "--convert-to", "pdf", "--outdir", str(folder / "out"), *inputs],
            check=True, capture_output=True, timeout=PDF_TIMEOUT_SECONDS, env=env,
        )
        result = {}
        for name in documents:
            made = folder / "out" / f"{name}.pdf"
            if not made.exists():
                raise RuntimeError(f"LibreOffice 未能生成 {name}.pdf")
            result[name] = made.read_bytes()
        return result


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)
