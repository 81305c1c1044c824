"""《隰县行政执法案卷评查制度》 as rules, without Django: when a self-evaluation is due (第五条),
the consequences for a handler's failing files in a year (第八条), the yearly random sample of
files (第十一条、第十二条) and grading against a scoring sheet (第十三条至第十五条).

Every rule names its article; where the regulation is silent the result says so instead of
inventing a rule (a handler with more than ten files a year; scores and thresholds for 优秀).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rongcuo.deadlines import DayKind, HolidayCalendar, due_date

REGULATION = "《隰县行政执法案卷评查制度》"
SELF_EVALUATION_DAYS = 30  # 第五条：行政执法案件办理完毕后30日内……进行自我评查
SAMPLE_PER_KIND = 5  # 第十一条：随机抽取……案卷各5份
# 第十一条：行政处罚、行政许可、行政强制、行政征收或征用 (ledger kinds)
SAMPLED_KINDS = ("penalty", "permit", "coercion", "expropriation")
CONSEQUENCE_CEILING = 10  # 第八条第二款：年度主办案件在10件以下（含10件）
GRADES = ("优秀", "合格", "不合格")  # 第十五条


def self_evaluation_due(closed_on: dt.date, calendar: HolidayCalendar) -> dt.date:
    """第五条：办理完毕后30日内移交自我评查 — 30 natural days from 结案, a last day that falls on a
    rest day running on to the next working day (the project's rule for natural-day periods)."""
    return due_date(closed_on, SELF_EVALUATION_DAYS, DayKind.NATURAL, calendar).date


@dataclass(frozen=True)
class Consequence:
    handled: int  # files the person handled as 主办 that year
    failed: int  # of them graded 不合格
    text: str  # what follows, in the regulation's words, or that the regulation is silent
    citation: str
    provided: bool  # the regulation states a consequence for this count


def consequence(handled: int, failed: int) -> Consequence:
    """第八条 for one handler and year. The tiers are read as written: each count has its own
    consequence (1 → 通报批评; 2 → 不能评为先进个人、不能评为优秀; 3 or more → 暂停行政执法资格);
    the article states them for handlers with at most ten files and says nothing of more."""
    if failed < 0 or handled < 0 or failed > handled:
        raise ValueError("不合格案卷数应在 0 与主办案件数之间")
    first = "第八条第一款：自我评查结果应纳入对行政执法案卷办案人员的年度考核"
    if failed == 0:
        return Consequence(handled, 0, "没有不合格案卷。", first, False)
    if handled > CONSEQUENCE_CEILING:
        return Consequence(handled, failed, (
            f"本年度主办案件 {handled} 件，超过 10 件；第八条第二款只规定年度主办案件在 10 件以下（含 10 件）时"
            f"不合格案卷的处理，对超过 10 件的未作规定。自我评查结果应纳入年度考核（第八条第一款）。"), first, False)
    article = "第八条第二款"
    if failed == 1:
        text = "出现 1 件不合格的，由所在单位予以通报批评。"
    elif failed == 2:
        text = "出现 2 件不合格的，当年不能评为县政府表彰的先进个人，年度考核时不能被评为优秀等次。"
    else:
        text = f"出现 3 件及 3 件以上不合格的（本年度 {failed} 件），暂停行政执法资格，单位组织培训学习，待考核合格后重新上岗执法。"
    return Consequence(handled, failed, text, article, True)


def main_handler(handlers: str) -> str:
    """The 主办人 of a ledger entry: the first person its 承办人 names (顿号、逗号 or spaces between)."""
    for separator in ("、", "，", ",", ";", "；", " ", "/"):
        handlers = handlers.replace(separator, "\n")
    names = [name.strip() for name in handlers.splitlines() if name.strip()]
    return names[0] if names else ""


@dataclass(frozen=True)
class Candidate:
    """A file that could be drawn: a finished ledger entry."""

    entry: int
    agency: int
    kind: str
    litigation: bool  # 提起行政诉讼、行政复议的：第十二条，不再评查
    closed: bool


def draw_sample(candidates: Iterable[Candidate], seed: int, per_kind: int = SAMPLE_PER_KIND) -> dict[tuple[int, str], list[int]]:
    """第十一条：each agency's files of each sampled kind, `per_kind` drawn at random (all of them
    where it has fewer). Reproducible: the same seed and the same files draw the same sample, each
    agency and kind drawn from its own stream so that one agency's files do not move another's.
    Never drawn: files under litigation or reconsideration (第十二条) and files not yet closed."""
    groups: dict[tuple[int, str], list[int]] = {}
    for candidate in candidates:
        if candidate.kind in SAMPLED_KINDS and candidate.closed and not candidate.litigation:
            groups.setdefault((candidate.agency, candidate.kind), []).append(candidate.entry)
    drawn: dict[tuple[int, str], list[int]] = {}
    for (agency, kind), entries in sorted(groups.items()):
        chance = random.Random(f"{seed}:{agency}:{kind}")
        pool = sorted(entries)
        drawn[(agency, kind)] = sorted(chance.sample(pool, min(per_kind, len(pool))))
    return drawn


# --- grading -------------------------------------------------------------------------------------

class SheetError(ValueError):
    """A scoring sheet that cannot be used (named file and reason, in Chinese)."""


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    deduction: float = 0  # points off when the item is not met (a jurisdiction's own sheet)


@dataclass(frozen=True)
class Sheet:
    """评查标准: the basic items (第十三条: failing any one makes the file 不合格) and the general
    items per stage (第十四条), with the points a jurisdiction deducts, if it scores."""

    name: str
    basic: tuple[Item, ...]
    general: dict[str, tuple[Item, ...]]
    full_marks: float | None = None  # None: the sheet does not score
    excellent_from: float | None = None
    pass_from: float | None = None
    notes: tuple[str, ...] = field(default=())

    def items(self) -> dict[str, Item]:
        found = {item.key: item for item in self.basic}
        for items in self.general.values():
            found.update({item.key: item for item in items})
        return found


@dataclass(frozen=True)
class Grade:
    grade: str | None  # None: the evaluator grades (the sheet sets no score); see `reason`
    score: float | None
    reason: str
    failed_basic: tuple[str, ...]


def grade(sheet: Sheet, failed: Iterable[str], chosen: str | None = None) -> Grade:
    """The file's grade: 不合格 when a basic item fails (第十三条); otherwise by the sheet's score
    when it scores, else the evaluator's choice of 优秀 or 合格 (第十五条 names the grades, not
    how to reach them)."""
    items = sheet.items()
    failed = list(dict.fromkeys(failed))
    unknown = [key for key in failed if key not in items]
    if unknown:
        raise SheetError(f"评查标准中没有这些项目：{'、'.join(unknown)}")
    basic = tuple(item.text for item in sheet.basic if item.key in failed)
    if basic:
        return Grade("不合格", None, f"基础标准未达到（第十三条）：{'、'.join(basic)}。", basic)
    if sheet.full_marks is not None:
        score = sheet.full_marks - sum(items[key].deduction for key in failed)
        if sheet.excellent_from is not None and score >= sheet.excellent_from:
            return Grade("优秀", score, f"得分 {score:g}，达到优秀线 {sheet.excellent_from:g}。", ())
        if sheet.pass_from is not None and score < sheet.pass_from:
            return Grade("不合格", score, f"得分 {score:g}，低于合格线 {sheet.pass_from:g}。", ())
        return Grade("合格", score, f"得分 {score:g}。", ())
    if chosen not in ("优秀", "合格"):
        return Grade(None, None, "基础标准均已达到；本评查标准不计分，由评查人员评定为优秀或合格（第十五条）。", ())
    return Grade(chosen, None, f"基础标准均已达到，评查人员评定为{chosen}。", ())


DEFAULT_SHEET = Path(__file__).with_name("standards.yaml")


def load_sheet(path: Path = DEFAULT_SHEET) -> Sheet:
    """A scoring sheet from YAML (a jurisdiction loads its own without code)."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise SheetError(f"{path}: 无法读取评查标准：{error}") from None
    return sheet_from(raw, str(path))


def sheet_from(raw: Any, where: str) -> Sheet:
    if not isinstance(raw, dict):
        raise SheetError(f"{where}: 评查标准应为映射（name、basic、general）")

    def items(values: Any, here: str) -> tuple[Item, ...]:
        if not isinstance(values, list) or not values:
            raise SheetError(f"{where}: {here} 应为非空列表")
        result = []
        for value in values:
            if not isinstance(value, dict) or not value.get("key") or not value.get("text"):
                raise SheetError(f"{where}: {here} 的每一项须有 key 和 text")
            deduction = value.get("deduction", 0)
            if not isinstance(deduction, int | float) or deduction < 0:
                raise SheetError(f"{where}: {here} 中“{value['text']}”的扣分应为非负数")
            result.append(Item(str(value["key"]), str(value["text"]), float(deduction)))
        return tuple(result)

    basic = items(raw.get("basic"), "basic")
    general_raw = raw.get("general")
    if not isinstance(general_raw, dict) or not general_raw:
        raise SheetError(f"{where}: general 应为按阶段列出的映射")
    general = {str(stage): items(values, f"general.{stage}") for stage, values in general_raw.items()}
    keys = [item.key for item in basic] + [item.key for values in general.values() for item in values]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise SheetError(f"{where}: 项目编号重复：{'、'.join(repeated)}")
    scoring = raw.get("scoring") or {}
    full = scoring.get("full_marks")
    excellent, passing = scoring.get("excellent_from"), scoring.get("pass_from")
    for name, value in (("full_marks", full), ("excellent_from", excellent), ("pass_from", passing)):
        if value is not None and (not isinstance(value, int | float) or value < 0):
            raise SheetError(f"{where}: scoring.{name} 应为非负数")
    if full is None and (excellent is not None or passing is not None):
        raise SheetError(f"{where}: 设定优秀线或合格线时须给出满分（scoring.full_marks）")
    return Sheet(str(raw.get("name") or where), basic, general, full, excellent, passing,
                 tuple(str(n) for n in raw.get("notes") or ()))
