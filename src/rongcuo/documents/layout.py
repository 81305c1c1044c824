"""GB/T 9704 page layout and the two default templates (公文式 letters and 表格式 forms).

A template is an ordinary .docx with docxtpl (Jinja) tags, so an administrator can open the
default in Word, change the issuer line, the seal placeholder or the fonts, and upload it for the
jurisdiction (documents.services.template_upload validates it). The body of every document is
written by documents.kinds into the `{{p body }}` placeholder with the GB/T 9704 body format set
on each paragraph, so it keeps that format whatever template carries it.

Layout (GB/T 9704—2012 §5): A4; margins top 37 mm, left 28 mm, bottom 35 mm, right 26 mm; a type
area of 22 lines of 28 characters; title in 2号小标宋, body in 3号仿宋; page numbers in 4号 with
a dash on each side, odd pages at the right and even pages at the left, one character in.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGINS_MM = {"top": 37, "left": 28, "bottom": 35, "right": 26}
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
# 号 → points, as Chinese typesetting names font sizes
SIZE = {"初号": 42.0, "一号": 26.0, "二号": 22.0, "三号": 16.0, "四号": 14.0, "小四": 12.0}
BODY_PT = SIZE["三号"]
# The type area is 225 mm high: 22 lines of 579 twips (28.95 pt) fill it.
LINE_PITCH_TWIPS = 579
# 156 mm (442.2 pt) wide for 28 characters of 16 pt: each character is set 0.25 pt closer
# (w:spacing -5, in twentieths of a point), 15.75 pt a character, so 28 fit and a 29th does not.
# (A character grid, w:docGrid linesAndChars, does the same in Word but LibreOffice then gives
# every 16 pt character two 15.8 pt cells.)
CONDENSE_TWENTIETHS = -5
TYPE_AREA_WIDTH_PT = 156 / 25.4 * 72
RED = RGBColor(0xE0, 0x00, 0x00)

LAYOUTS = {"letter": "公文式文书（决定书、告知书、通知书、意见书等）", "form": "表格式文书（审批表、笔录、送达回证、报告等）"}


@dataclass(frozen=True)
class Fonts:
    """Font names written into the documents (w:eastAsia for Chinese text, w:ascii for Latin)."""

    title: str
    body: str
    heading: str
    page_number: str
    latin: str = "Times New Roman"


def fonts() -> Fonts:
    """The official names by default (方正小标宋简体、仿宋_GB2312、黑体、宋体): office computers have
    them; when the server renders a PDF without them it substitutes free fonts (documents.render)."""
    names = getattr(settings, "RONGCUO_DOCUMENT_FONTS", {})
    return Fonts(title=names.get("title", "方正小标宋简体"), body=names.get("body", "仿宋_GB2312"),
                 heading=names.get("heading", "黑体"), page_number=names.get("page_number", "宋体"))


def set_run_font(run: object, name: str, size_pt: float, *, bold: bool = False, color: RGBColor | None = None,
                 latin: str = "Times New Roman") -> None:
    """Name the font for Chinese text (w:eastAsia) as well as Latin: Word uses w:eastAsia for 汉字."""
    font = run.font  # type: ignore[attr-defined]
    font.name = latin
    font.size = Pt(size_pt)
    font.bold = bold
    if color is not None:
        font.color.rgb = color
    properties = run._element.get_or_add_rPr()  # type: ignore[attr-defined]
    if size_pt == BODY_PT:
        _condense(properties)
    fonts_element = properties.find(qn("w:rFonts"))
    if fonts_element is None:
        fonts_element = OxmlElement("w:rFonts")
        properties.insert(0, fonts_element)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts_element.set(qn(attribute), latin)
    fonts_element.set(qn("w:eastAsia"), name)


def _condense(properties: object) -> None:
    spacing = properties.find(qn("w:spacing"))  # type: ignore[attr-defined]
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        properties.append(spacing)  # type: ignore[attr-defined]
    spacing.set(qn("w:val"), str(CONDENSE_TWENTIETHS))


def set_exact_lines(paragraph: object, *, first_line_chars: float = 0, before: float = 0, after: float = 0) -> None:
    """Body spacing: exactly one grid line (28.95 pt) per line; indents counted in characters."""
    fmt = paragraph.paragraph_format  # type: ignore[attr-defined]
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Twips(LINE_PITCH_TWIPS)
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if first_line_chars:
        fmt.first_line_indent = Pt(BODY_PT * first_line_chars)


def _page_setup(document: object) -> None:
    section = document.sections[0]  # type: ignore[attr-defined]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.left_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["left"])
    section.bottom_margin, section.right_margin = Mm(MARGINS_MM["bottom"]), Mm(MARGINS_MM["right"])
    section.header_distance = Mm(15)
    section.footer_distance = Mm(25)  # the page number sits about 7 mm below the type area
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))


def _defaults(document: object, f: Fonts) -> None:
    normal = document.styles["Normal"]  # type: ignore[attr-defined]
    normal.font.name = f.latin
    normal.font.size = Pt(BODY_PT)
    properties = normal.element.get_or_add_rPr()
    fonts_element = properties.find(qn("w:rFonts"))
    if fonts_element is None:
        fonts_element = OxmlElement("w:rFonts")
        properties.insert(0, fonts_element)
    fonts_element.set(qn("w:eastAsia"), f.body)
    _condense(properties)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = Twips(LINE_PITCH_TWIPS)
    normal.paragraph_format.space_after = Pt(0)


def _page_numbers(document: object, f: Fonts) -> None:
    """— 1 —: odd pages at the right, even pages at the left, one character in (4号)."""
    document.settings.odd_and_even_pages_header_footer = True  # type: ignore[attr-defined]
    section = document.sections[0]  # type: ignore[attr-defined]
    for footer, alignment in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        paragraph = footer.paragraphs[0]
        paragraph.alignment = alignment
        indent = Pt(SIZE["四号"])
        if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = indent
        else:
            paragraph.paragraph_format.left_indent = indent
        set_run_font(paragraph.add_run("— "), f.page_number, SIZE["四号"])
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        number = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        number.append(text)
        field.append(number)
        paragraph._p.append(field)
        set_run_font(paragraph.add_run(" —"), f.page_number, SIZE["四号"])


def _line(document: object, text: str, font: str, size: float, alignment: int, *, bold: bool = False,
          color: RGBColor | None = None, right_chars: float = 0) -> object:
    paragraph = document.add_paragraph()  # type: ignore[attr-defined]
    paragraph.alignment = alignment
    set_exact_lines(paragraph)
    if size > BODY_PT:  # a title line is taller than one grid line
        paragraph.paragraph_format.line_spacing = Pt(size * 1.4)
    if right_chars:
        paragraph.paragraph_format.right_indent = Pt(BODY_PT * right_chars)
    if text:
        set_run_font(paragraph.add_run(text), font, size, bold=bold, color=color)
    return paragraph


def _red_rule(paragraph: object) -> None:
    """版头中的分隔线: a red line under the 发文字号."""
    properties = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "6"), ("w:color", "E00000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    properties.append(borders)


def _signature(document: object, f: Fonts) -> None:
    """发文机关署名 with the seal placeholder, and 成文日期 four characters in from the right."""
    _line(document, "{%p if signed %}", f.body, BODY_PT, WD_ALIGN_PARAGRAPH.LEFT)
    _line(document, "", f.body, BODY_PT, WD_ALIGN_PARAGRAPH.LEFT)
    _line(document, "{{ issuer }}{{ seal }}", f.body, BODY_PT, WD_ALIGN_PARAGRAPH.RIGHT, right_chars=2)
    _line(document, "{{ date }}", f.body, BODY_PT, WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4)
    _line(document, "{%p endif %}", f.body, BODY_PT, WD_ALIGN_PARAGRAPH.LEFT)


def _build(layout: str) -> bytes:
    f = fonts()
    document = Document()
    _page_setup(document)
    _defaults(document, f)
    centre, left, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT
    first = document.paragraphs[0] if document.paragraphs else None
    if first is not None:  # python-docx's blank document has no paragraph; keep it that way
        first._p.getparent().remove(first._p)
    if layout == "letter":
        # 版头: 发文机关标志 (red), 发文字号 centred, the red rule; then the title two lines below
        _line(document, "{{ issuer }}", f.title, SIZE["一号"], centre, color=RED)
        _line(document, "", f.body, BODY_PT, centre)
        rule = _line(document, "{{ number }}", f.body, BODY_PT, centre)
        _red_rule(rule)
        _line(document, "", f.body, BODY_PT, centre)
        _line(document, "{{ title }}", f.title, SIZE["二号"], centre)
        _line(document, "", f.body, BODY_PT, centre)
        _line(document, "{%p if recipient %}", f.body, BODY_PT, left)
        _line(document, "{{ recipient }}", f.body, BODY_PT, left)
        _line(document, "{%p endif %}", f.body, BODY_PT, left)
    else:
        _line(document, "{{ title }}", f.title, SIZE["二号"], centre)
        _line(document, "{%p if number %}", f.body, BODY_PT, right)
        _line(document, "{{ number }}", f.body, BODY_PT, right)
        _line(document, "{%p elif case_number %}", f.body, BODY_PT, right)
        _line(document, "案号：{{ case_number }}", f.body, BODY_PT, right)
        _line(document, "{%p endif %}", f.body, BODY_PT, right)
    _line(document, "{{p body }}", f.body, BODY_PT, left)
    _signature(document, f)
    _page_numbers(document, f)
    document.core_properties.author = "rongcuo"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@cache
def default_template(layout: str) -> bytes:
    """The default .docx template of a layout (built once per process)."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout: {layout}")
    return _build(layout)


# Tags a template may use, and those it must have (checked when an administrator uploads one).
VARIABLES = {
    "issuer": "发文机关（署名）", "title": "标题", "number": "文号", "recipient": "主送", "body": "正文",
    "signed": "是否署名", "seal": "印章位置的文字", "date": "成文日期（汉字数字）",
    "date_arabic": "成文日期（阿拉伯数字）", "case_number": "案件编号",
}
REQUIRED = {"letter": ("title", "number", "body", "issuer", "date"), "form": ("title", "body")}
