"""What a document says, before it is laid out: its title, number, addressee and body blocks,
built only from the case's records. A document whose required data is missing is refused,
naming everything that is missing (`Context.need`, `Context.check`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rongcuo.cases.errors import ProcedureError
from rongcuo.cases.models import Case
from rongcuo.core.models import User
from rongcuo.rules.pack import Pack, chinese_date
from rongcuo.rules.registry import get_pack

_NUMERALS = "〇一二三四五六七八九"


def numeral_date(day: dt.date) -> str:
    """成文日期 in Chinese numerals: 二〇二六年十一月三十日."""
    def small(n: int) -> str:
        tens, ones = divmod(n, 10)
        if tens == 0:
            return _NUMERALS[ones]
        return ("" if tens == 1 else _NUMERALS[tens]) + "十" + (_NUMERALS[ones] if ones else "")
    year = "".join(_NUMERALS[int(d)] for d in str(day.year))
    return f"{year}年{small(day.month)}月{small(day.day)}日"


@dataclass(frozen=True)
class Para:
    """A body paragraph: indented two characters unless `indent` is False."""

    text: str
    indent: bool = True
    align: str = "justify"  # justify, left, right, center


@dataclass(frozen=True)
class Heading:
    """一级标题 (一、……) in 黑体."""

    text: str


@dataclass(frozen=True)
class Table:
    """A bordered table; `widths` in millimetres (the type area is 156 mm wide)."""

    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = (36, 120)


Block = Para | Heading | Table


@dataclass
class Draft:
    title: str
    layout: str  # documents.layout.LAYOUTS
    body: Sequence[Block]
    number: str = ""
    recipient: str = ""  # 主送, with its full-width colon
    signed: bool = True
    date: dt.date | None = None  # 成文日期; the day of issue when None
    issuer: str = ""  # who signs, where not the case's issuer (a 党组's minutes)


class MissingData(ProcedureError):
    """A document that cannot be made from the record as it stands (409, the step is not taken)."""

    def __init__(self, title: str, missing: list[str]) -> None:
        super().__init__("document_data_missing", f"尚不能制作《{title}》，缺少：{'；'.join(missing)}。", details=missing)


@dataclass
class Context:
    """The case a document is made for, who makes it and on which day, and what it still lacks."""

    case: Case
    actor: User
    today: dt.date
    title: str
    extra: dict[str, Any] = field(default_factory=dict)  # data of records not kept by cases (澄清正名)
    missing: list[str] = field(default_factory=list)

    @property
    def pack(self) -> Pack:
        return get_pack(self.case.pack_id)

    def need(self, value: Any, what: str) -> Any:
        """The value, or note `what` as missing (an empty string, None or empty list is missing)."""
        if value is None or value == "" or value == [] or value == ():
            self.missing.append(what)
        return value

    def check(self) -> None:
        if self.missing:
            raise MissingData(self.title, list(dict.fromkeys(self.missing)))

    @property
    def issuer(self) -> str:
        """Who signs: the supervising office or the officer's own unit, as the regulation says."""
        if self.pack.procedure.issuer == "agency":
            return str(self.case.agency.name)
        name = self.case.jurisdiction.office_name
        self.need(name, "发文机关名称（由系统管理员在“文书设置”中填写本辖区监督机构的名称）")
        return name or ""

    def regulation(self) -> str:
        """《历城区行政执法履职尽责容错纠错实施办法（试行）》（济历城政发〔2025〕1号）"""
        return f"《{self.pack.title}》（{self.pack.document_number}）"

    def basis(self, action: str) -> str:
        """《历城区办法》第十六条“应当充分听取……”, or '' where the regulation is silent."""
        rule = self.pack.procedure.steps.get(action)
        if rule is None or rule.basis is None:
            return ""
        return f"《{self.pack.name}》{rule.basis.citation}“{rule.basis.quote}”"

    def provision(self, action: str) -> str:
        """《隰县制度》第十七条规定：“……”。 — the step's words quoted whole, or ''."""
        rule = self.pack.procedure.steps.get(action)
        if rule is None or rule.basis is None:
            return ""
        return f"《{self.pack.name}》{rule.basis.citation}规定：{quoted(rule.basis.quote)}"


def quoted(text: str) -> str:
    """“text” closing a sentence: a quotation that ends its own sentence takes no second 。."""
    return f"“{text}”" + ("" if text.endswith(("。", "！", "？")) else "。")


def text_paragraphs(text: str, indent: bool = True) -> list[Para]:
    """What a user typed, a paragraph per line (blank lines dropped)."""
    return [Para(line.strip(), indent) for line in text.splitlines() if line.strip()]


def person(user: User | None) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.username)


def officer_line(case: Case) -> str:
    """张执法（历城区市场监督管理局行政执法人员，执法证号 37010000001）"""
    officer = case.officer
    status = "行政执法辅助人员" if officer.is_auxiliary else "行政执法人员"
    certificate = f"，执法证号 {officer.certificate_number}" if officer.certificate_number else ""
    return f"{officer.name}（{case.agency.name}{status}{certificate}）"


def case_line(case: Case) -> str:
    """“事由”一案（立案编号 历司容立〔2026〕3号）"""
    number = f"（立案编号 {case.number}）" if case.number else ""
    return f"“{case.title}”一案{number}"


def day(value: dt.date | None) -> str:
    return chinese_date(value) if value else ""
