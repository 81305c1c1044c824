"""A rule pack: one regulation as data (pack.yaml + source.txt + examples.yaml), loaded and checked.

Every problem is reported as a PackError naming the file, the clause and the fix, so a legal
officer editing a draft pack can correct it without reading code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from rongcuo.rules import expressions
from rongcuo.rules.citations import chinese_number, citation
from rongcuo.rules.errors import PackError
from rongcuo.rules.model import ROLE_OUTCOME, Outcome, Role
from rongcuo.rules.vocabulary import Vocabulary, default_vocabulary
from rongcuo.rules.yamlio import load_yaml

_WHITESPACE = re.compile(r"\s+")

CATCH_ALL_REASON = (
    "兜底条款不自动适用：认定机关可以适用，但应当写明所依据的具体事实，以及该情形与本条所列情形相当的理由。"
)


def chinese_date(day: dt.date) -> str:
    """The one way dates are shown to a reader: 2026年12月14日."""
    return f"{day.year}年{day.month}月{day.day}日"


def squeeze(text: str) -> str:
    """Remove all whitespace (the sources break lines inside clauses and add stray spaces)."""
    return _WHITESPACE.sub("", text)


@dataclass(frozen=True, slots=True)
class Clause:
    article: int
    paragraph: int | None
    item: int | None
    role: Role
    text: str
    condition: expressions.Expr | None
    condition_text: str
    note: str
    catch_all_of: Role | None = None
    proviso: str = ""  # 但书 (但……除外) that no fact can express: shown wherever the clause is cited
    yields_to: Role | None = None  # does not hold where a clause of this role holds (历城 12(七) vs 第九条)

    @property
    def key(self) -> str:
        """Stable short id: "10.7", "11-2.1" (article 11, paragraph 2, item 1), "2"."""
        key = str(self.article)
        if self.paragraph is not None:
            key += f"-{self.paragraph}"
        if self.item is not None:
            key += f".{self.item}"
        return key

    @property
    def citation(self) -> str:
        return citation(self.article, self.item, self.paragraph)

    @property
    def facts(self) -> tuple[str, ...]:
        if self.condition is None:
            return ()
        return tuple(dict.fromkeys(expressions.fact_names(self.condition)))

    @property
    def tier(self) -> Role:
        """The deciding role this clause belongs to (a catch-all belongs to its list's role)."""
        return self.catch_all_of if self.role is Role.CATCH_ALL and self.catch_all_of else self.role


@dataclass(frozen=True, slots=True)
class Dispositions:
    """处理幅度: what the deciding body may do for each outcome, as the pack states it."""

    tolerated: tuple[str, ...]
    tolerated_mode: str
    mitigable: tuple[str, ...]
    mitigable_mode: str
    exemption: str | None = None  # the disposition that needs the conditions below (免责)
    exemption_requires: tuple[str, ...] = ()  # clause keys of role `condition`, all must hold
    exemption_mode: str = ""  # 应当 or 可以 for the exemption itself (隰县第十一条第二款：可以免除)
    tolerated_wording: str = ""  # the regulation's own words for the range (应当从轻、减轻处理或者予以免责)
    mitigable_wording: str = ""
    exemption_wording: str = ""  # added to the tolerated wording when the exemption's conditions hold
    exemption_unmet_wording: str = ""  # added when they do not

    def mode_of(self, disposition: str, outcome: Outcome) -> str:
        """应当 or 可以 for one disposition of an outcome's range."""
        if outcome is Outcome.MITIGABLE:
            return self.mitigable_mode
        if disposition == self.exemption and self.exemption_mode:
            return self.exemption_mode
        return self.tolerated_mode


PROCEDURE_LIMITS = ("investigation", "notice", "review_request", "review_decision", "transfer_handling", "transfer_report")
# Every step the case procedure knows (cases/procedure.py); a pack lists those its regulation has.
PROCEDURE_STEPS = (
    "apply", "open_supervision_case", "file", "reject", "assign_investigators", "recuse", "update_facts",
    "record_statement", "schedule_hearing", "hold_hearing", "consult", "transfer", "report_transfer_result", "pause_clock",
    "resume_clock", "approve_extension", "determine", "notify", "record_receipt", "acknowledge_receipt",
    "publish", "issue_opinion_letter", "request_review", "decide_review", "add_rectification_task",
    "complete_task", "request_task_extension", "decide_task_extension", "follow_up", "archive",
)
# Checks a step may require before it runs (their meaning is in cases/requirements.py).
DETERMINE_REQUIREMENTS = ("investigators", "statement", "hearing_if_major", "clock_running", "transfers_reported", "verified")
ARCHIVE_REQUIREMENTS = ("notice_sent", "review_closed", "tasks_done", "published", "rectification_if_cleared")
# The documents a step may issue (documents/kinds.py renders each); a pack names those its
# regulation's steps produce, by these titles.
DOCUMENTS = (
    "立案审批表", "不予受理书面答复", "调查人员指派及回避告知", "陈述申辩告知书", "陈述申辩笔录", "听证通知书",
    "听证笔录", "调查报告", "容错纠错认定决定书", "党组会议纪要", "告知书", "送达回证", "行政执法监督意见书",
    "复核决定书", "纠错整改通知书", "延期审批表", "澄清正名通知",
)
# Who signs a case's documents: the supervising office (历城区办法：区行政执法监督机构) or the
# officer's own unit (隰县制度第十四条：所在单位党组).
ISSUERS = ("office", "agency")
# What a regulation says of 信访举报 (complaints app): the feedback to a named reporter, the
# explanation for an anonymous one, and clearing the name of an officer falsely accused.
COMPLAINT_DUTIES = ("named_feedback", "anonymous_explanation", "clarification")
COMPANIONS = ("evaluation",)  # 案卷评查制度
DAY_KINDS = ("natural", "working")
MODES = ("应当", "可以")


@dataclass(frozen=True, slots=True)
class Basis:
    """Where the regulation provides for something: article (and paragraph) and its words, verbatim."""

    article: int
    paragraph: int | None
    quote: str

    @property
    def citation(self) -> str:
        return citation(self.article, None, self.paragraph)

    def text(self) -> str:
        return f"{self.citation}：{self.quote}"


@dataclass(frozen=True, slots=True)
class TimeLimit:
    """A time limit the regulation sets for a step: days, natural or working days, and the article."""

    days: int
    kind: str
    basis: Basis


@dataclass(frozen=True, slots=True)
class StepRule:
    """A step this regulation provides for: its name in the regulation, basis and documents."""

    label: str
    basis: Basis | None  # None: the regulation is silent (the note says how the step is read)
    documents: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class Procedure:
    limits: dict[str, TimeLimit]
    max_extension_days: int = 0
    steps: dict[str, StepRule] = field(default_factory=dict)
    decided_by: str = ""
    collective_decision: bool = False
    min_investigators: int = 0
    determine_requires: tuple[str, ...] = ()
    archive_requires: tuple[str, ...] = ()
    issuer: str = "office"  # ISSUERS
    review_body: str = ""  # where a review (复核) is applied for, as the regulation names it
    # What the regulation says follows from an outcome (历城区第十八条：容错免责的不作为行政执法错误认定)
    effects: dict[str, Basis] = field(default_factory=dict)
    # 信访举报 (历城区第二十二条、隰县第十九条): feedback owed to reporters, and 澄清正名, each with
    # the regulation's words; None where the regulation says nothing (nothing is invented).
    complaints: dict[str, Basis] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Pack:
    id: str
    version: str
    title: str
    issuer: str
    document_number: str
    jurisdiction: str
    valid_from: dt.date
    valid_to: dt.date | None
    directory: Path
    source_file: str
    clauses: tuple[Clause, ...]
    dispositions: Dispositions
    procedure: Procedure = field(default_factory=lambda: Procedure({}))
    notes: tuple[str, ...] = field(default=())

    short_title: str = ""  # how the regulation is named in a citation (历城区办法, 隰县制度)
    # systems issued with the regulation that the product runs too (隰政办发〔2022〕63号 also issues the
    # county's 行政执法案卷评查制度): COMPANIONS
    companions: tuple[str, ...] = ()

    def in_force(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    @property
    def period(self) -> str:
        start = chinese_date(self.valid_from)
        return f"{start}至{chinese_date(self.valid_to)}" if self.valid_to else f"{start}起施行，未规定终止日期"

    @property
    def name(self) -> str:
        """The short name used in citations; the title where none is given."""
        return self.short_title or self.title

    def clause(self, key: str) -> Clause:
        for clause in self.clauses:
            if clause.key == key:
                return clause
        raise KeyError(key)

    def clauses_of(self, role: Role) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if c.role is role)

    @property
    def evaluable(self) -> tuple[Clause, ...]:
        """Clauses with a condition, in pack order (the batch path keeps one bit per clause)."""
        return tuple(c for c in self.clauses if c.condition is not None)


def load_pack(directory: Path, vocabulary: Vocabulary | None = None) -> Pack:
    """Load and validate the pack in `directory`; raise PackError on the first problem."""
    vocabulary = vocabulary or default_vocabulary()
    pack_file = directory / "pack.yaml"
    if not pack_file.is_file():
        raise PackError(f"{pack_file}: 找不到规则包文件 pack.yaml")
    try:
        data = load_yaml(pack_file)
    except Exception as error:  # a YAML syntax error: report where
        raise PackError(f"{pack_file}: YAML 格式错误：{error}".replace("\n", " ")) from None
    return _build(data, pack_file, vocabulary)


def _require(data: dict[str, object], key: str, kind: type, where: str) -> object:
    value = data.get(key)
    if not isinstance(value, kind):
        raise PackError(f"{where}: 缺少或错误的字段 {key}（应为 {kind.__name__}）")
    return value


def _date(value: object, where: str, key: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    raise PackError(f"{where}: 字段 {key} 应为日期 YYYY-MM-DD，实际为 {value!r}")


def _build(data: object, pack_file: Path, vocabulary: Vocabulary) -> Pack:
    where = str(pack_file)
    if not isinstance(data, dict):
        raise PackError(f"{where}: 规则包应为 YAML 映射")
    source_name = str(_require(data, "source", str, where))
    source_path = pack_file.parent / source_name
    if not source_path.is_file():
        raise PackError(f"{where}: 来源文件 {source_name} 不存在；请将法规原文放在规则包目录中")
    raw_bytes = source_path.read_bytes()
    pinned = data.get("source_sha256")
    if pinned is not None and hashlib.sha256(raw_bytes).hexdigest() != str(pinned):
        raise PackError(f"{where}: 来源文件 {source_name} 与 source_sha256 不符（SHA-256）：法规原文被改动；"
                        "如系新发布的文本，请核对后更新 source_sha256")
    raw_source = raw_bytes.decode("utf-8")
    source = squeeze(raw_source)
    raw_clauses = _require(data, "clauses", list, where)
    assert isinstance(raw_clauses, list)
    clauses = tuple(_clause(raw, where, source, source_name, vocabulary) for raw in raw_clauses)
    seen: set[str] = set()
    for clause in clauses:
        if clause.key in seen:
            raise PackError(f"{where}, {clause.citation}: 条款重复；每个条、款、项只能出现一次")
        seen.add(clause.key)
    valid_from = _date(data.get("valid_from"), where, "valid_from")
    valid_to = None if data.get("valid_to") is None else _date(data.get("valid_to"), where, "valid_to")
    if valid_to is not None and valid_to < valid_from:
        raise PackError(f"{where}: valid_to 早于 valid_from")
    pack = Pack(
        id=str(_require(data, "id", str, where)),
        version=str(data.get("version", "1")),
        title=str(_require(data, "title", str, where)),
        issuer=str(_require(data, "issuer", str, where)),
        document_number=str(_require(data, "document_number", str, where)),
        jurisdiction=str(_require(data, "jurisdiction", str, where)),
        valid_from=valid_from,
        valid_to=valid_to,
        directory=pack_file.parent,
        source_file=source_name,
        clauses=clauses,
        dispositions=_dispositions(data.get("dispositions"), where, clauses),
        procedure=_procedure(data.get("procedure"), where, raw_source),
        notes=tuple(str(n) for n in data.get("notes", []) or []),
        short_title=str(data.get("short_title", "") or ""),
        companions=_names(data.get("companions"), COMPANIONS, f"{where}: companions"),
    )
    if pack.directory.name != pack.id:
        raise PackError(f"{where}: 规则包目录名 {pack.directory.name} 应与 id {pack.id} 相同")
    if len(pack.evaluable) > 64:
        raise PackError(f"{where}: 带条件的条款超过 64 个，批量路径无法为每个条款保留一位")
    return pack


def _clause(raw: object, where: str, source: str, source_name: str, vocabulary: Vocabulary) -> Clause:
    if not isinstance(raw, dict) or not isinstance(raw.get("article"), int):
        raise PackError(f"{where}: 每个条款需要整数 article 字段：{raw!r}"[:300])
    article, paragraph, item = raw["article"], raw.get("paragraph"), raw.get("item")
    here = f"{where}, {citation(article, item, paragraph)}"
    try:
        role = Role(str(raw.get("role")))
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise PackError(f"{here}: 未知的角色 role={raw.get('role')!r}（可用：{allowed}）") from None
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise PackError(f"{here}: 缺少条文原文 text")
    _check_text_in_source(text, source, here, source_name)
    condition_text = raw.get("condition")
    catch_all_of = None
    if role is Role.CATCH_ALL:
        if condition_text is not None:
            raise PackError(f"{here}: 兜底条款不能单独成立，不应有 condition；删除该字段")
        try:
            catch_all_of = Role(str(raw.get("catch_all_of")))
        except ValueError:
            raise PackError(f"{here}: 兜底条款需要 catch_all_of（所属的情形列表，如 tolerance）") from None
        if catch_all_of not in ROLE_OUTCOME:
            raise PackError(f"{here}: catch_all_of 应为 exclusion、duty、tolerance 或 mitigation")
        condition = None
    else:
        if not isinstance(condition_text, str) or not condition_text.strip():
            raise PackError(f"{here}: 缺少条件 condition（事实要素的布尔表达式）")
        try:
            condition = expressions.parse(condition_text)
        except expressions.ExpressionError as error:
            raise PackError(f"{here}: 条件表达式无效：{error}") from None
        for name in expressions.fact_names(condition):
            if name not in vocabulary:
                raise PackError(
                    f"{here}: 条件中的事实要素 {name} 不在事实要素表中{vocabulary.suggest(name)}；"
                    "请改用 facts.yaml 中的名称，或先在事实要素表中新增"
                )
    proviso = str(raw.get("proviso", "") or "").strip()
    if proviso and squeeze(proviso) not in squeeze(text):
        raise PackError(f"{here}: 但书 proviso 应为本条文中的原文：{proviso}")
    yields_to = None
    if raw.get("yields_to") is not None:
        try:
            yields_to = Role(str(raw.get("yields_to")))
        except ValueError:
            yields_to = None
        if yields_to not in ROLE_OUTCOME or yields_to is role:
            raise PackError(f"{here}: yields_to 应为另一种情形列表（duty、tolerance、mitigation 或 exclusion）")
    return Clause(
        article=article,
        paragraph=paragraph,
        item=item,
        role=role,
        text=text.strip(),
        condition=condition,
        condition_text=str(condition_text or ""),
        note=squeeze(str(raw.get("note", "") or "")),  # Chinese prose: YAML folding adds spaces
        catch_all_of=catch_all_of,
        proviso=proviso,
        yields_to=yields_to,
    )


def _check_text_in_source(text: str, source: str, here: str, source_name: str) -> None:
    wanted = squeeze(text)
    if wanted in source:
        return
    low, high = 0, len(wanted)  # longest prefix found, to point at the first difference
    while low < high:
        middle = (low + high + 1) // 2
        if wanted[:middle] in source:
            low = middle
        else:
            high = middle - 1
    raise PackError(
        f"{here}: 条文未在来源文件 {source_name} 中逐字找到（已忽略空白），"
        f"自第 {low + 1} 个字起不一致：…{wanted[max(0, low - 8):low]}【{wanted[low:low + 8]}】…；"
        "请从来源文件原样复制条文"
    )


def _dispositions(raw: object, where: str, clauses: tuple[Clause, ...]) -> Dispositions:
    if not isinstance(raw, dict):
        raise PackError(f"{where}: 缺少 dispositions（处理幅度）")
    tolerated, mitigable = raw.get("tolerated"), raw.get("mitigable")
    if not isinstance(tolerated, dict) or not isinstance(mitigable, dict):
        raise PackError(f"{where}: dispositions 需要 tolerated 与 mitigable 两项")
    exemption = raw.get("exemption")
    requires: tuple[str, ...] = ()
    name = None
    if exemption is not None:
        if not isinstance(exemption, dict):
            raise PackError(f"{where}: dispositions.exemption 应为映射 (disposition, requires)")
        name = str(exemption.get("disposition"))
        requires = tuple(str(k) for k in exemption.get("requires", []))
        conditions = {c.key for c in clauses if c.role is Role.CONDITION}
        for key in requires:
            if key not in conditions:
                raise PackError(f"{where}: dispositions.exemption.requires 中的 {key} 不是 role: condition 的条款")
    for label, spec in (("tolerated", tolerated), ("mitigable", mitigable), ("exemption", exemption or {})):
        if spec.get("mode") not in (None, *MODES):
            raise PackError(f"{where}: dispositions.{label}.mode 应为“应当”或“可以”")
    if exemption is not None and name not in tolerated.get("list", []):
        raise PackError(f"{where}: dispositions.exemption.disposition {name} 应在 tolerated.list 中")
    exemption = exemption or {}
    return Dispositions(
        tolerated=tuple(tolerated.get("list", [])),
        tolerated_mode=str(tolerated.get("mode", "")),
        mitigable=tuple(mitigable.get("list", [])),
        mitigable_mode=str(mitigable.get("mode", "")),
        exemption=name,
        exemption_requires=requires,
        exemption_mode=str(exemption.get("mode", "") or ""),
        tolerated_wording=str(tolerated.get("wording", "") or ""),
        mitigable_wording=str(mitigable.get("wording", "") or ""),
        exemption_wording=str(exemption.get("wording", "") or ""),
        exemption_unmet_wording=str(exemption.get("unmet_wording", "") or ""),
    )


_ARTICLE_HEAD = re.compile(r"^\s*第([一二三四五六七八九十]+)条", re.MULTILINE)
_ARTICLE_NUMBERS = {chinese_number(n): n for n in range(1, 100)}


def source_articles(raw_source: str) -> dict[int, str]:
    """Article number → its text (whitespace removed); the first occurrence of a number wins (a file
    may hold several systems, the first being the pack's own)."""
    heads = [(m.start(), _ARTICLE_NUMBERS.get(m.group(1))) for m in _ARTICLE_HEAD.finditer(raw_source)]
    articles: dict[int, str] = {}
    for (start, number), (end, _) in zip(heads, [*heads[1:], (len(raw_source), None)], strict=True):
        if number is not None and number not in articles:
            articles[number] = squeeze(raw_source[start:end])
    return articles


def _basis(raw: dict[str, object], here: str, articles: dict[int, str]) -> Basis | None:
    article = raw.get("article")
    if article is None:
        return None
    paragraph = raw.get("paragraph")
    quote = raw.get("quote")
    if not isinstance(article, int) or (paragraph is not None and not isinstance(paragraph, int)):
        raise PackError(f"{here}: article、paragraph 应为整数")
    if not isinstance(quote, str) or not quote.strip():
        raise PackError(f"{here}: 缺少 quote（所依据条文的原文）")
    basis = Basis(article, paragraph, quote.strip())
    if article not in articles:
        raise PackError(f"{here}: 引用的{basis.citation}不在来源文件中")
    if squeeze(quote) not in articles[article]:
        raise PackError(f"{here}: 引文未在{basis.citation}中逐字找到：{quote}")
    return basis


def _names(raw: object, allowed: tuple[str, ...], here: str) -> tuple[str, ...]:
    if raw is not None and not isinstance(raw, list):
        raise PackError(f"{here}: 应为列表")
    names = tuple(str(n) for n in (raw or []))
    for name in names:
        if name not in allowed:
            raise PackError(f"{here}: 未知的要求 {name}（可用：{'、'.join(allowed)}）")
    return names


def _procedure(raw: object, where: str, raw_source: str) -> Procedure:
    if raw is None:
        return Procedure({})
    if not isinstance(raw, dict):
        raise PackError(f"{where}: procedure 应为映射（limits、steps 等）")
    articles = source_articles(raw_source)
    limits: dict[str, TimeLimit] = {}
    for name, spec in (raw.get("limits") or {}).items():
        here = f"{where}: procedure.limits.{name}"
        if name not in PROCEDURE_LIMITS:
            raise PackError(f"{where}: procedure 中未知的期限 {name}（可用：{'、'.join(PROCEDURE_LIMITS)}）")
        if not isinstance(spec, dict) or not isinstance(spec.get("days"), int) or spec["days"] <= 0:
            raise PackError(f"{here} 需要正整数 days")
        if spec.get("kind", "natural") not in DAY_KINDS:
            raise PackError(f"{here}.kind 应为 natural（自然日）或 working（工作日）")
        basis = _basis(spec, here, articles)
        if basis is None:
            raise PackError(f"{here}: 期限须注明所依据的条文（article、quote）")
        limits[name] = TimeLimit(spec["days"], str(spec.get("kind", "natural")), basis)
    steps: dict[str, StepRule] = {}
    for name, spec in (raw.get("steps") or {}).items():
        here = f"{where}: procedure.steps.{name}"
        if name not in PROCEDURE_STEPS:
            raise PackError(f"{where}: procedure.steps 中未知的步骤 {name}（可用：{'、'.join(PROCEDURE_STEPS)}）")
        if not isinstance(spec, dict):
            raise PackError(f"{here} 应为映射（article、quote、documents、label、note）")
        basis = _basis(spec, here, articles)
        note = squeeze(str(spec.get("note", "") or ""))
        if basis is None and not note:
            raise PackError(f"{here}: 没有所依据的条文时，须在 note 中说明本规定未作规定及如何办理")
        documents = tuple(str(d) for d in spec.get("documents", []) or [])
        unknown = [d for d in documents if d not in DOCUMENTS]
        if unknown:
            raise PackError(f"{here}.documents 中未知的文书：{'、'.join(unknown)}（可用：{'、'.join(DOCUMENTS)}）")
        steps[name] = StepRule(str(spec.get("label", "") or ""), basis, documents, note)
    extension = raw.get("max_extension_days", 0)
    if not isinstance(extension, int) or extension < 0:
        raise PackError(f"{where}: procedure.max_extension_days 应为非负整数")
    if extension and "approve_extension" not in steps:
        raise PackError(f"{where}: 设有延长期限（max_extension_days）时须列出 approve_extension 步骤")
    minimum = raw.get("min_investigators", 0)
    if not isinstance(minimum, int) or minimum < 0:
        raise PackError(f"{where}: procedure.min_investigators 应为非负整数")
    issuer = raw.get("issuer", "office")
    if issuer not in ISSUERS:
        raise PackError(f"{where}: procedure.issuer 应为 office（监督机构）或 agency（所在单位）")
    review_body = str(raw.get("review_body", "") or "")
    effects: dict[str, Basis] = {}
    for outcome, spec in (raw.get("effects") or {}).items():
        here = f"{where}: procedure.effects.{outcome}"
        if outcome not in {o.value for o in Outcome}:
            raise PackError(f"{here}: 未知的认定结论（可用：{'、'.join(o.value for o in Outcome)}）")
        effect = _basis(spec if isinstance(spec, dict) else {}, here, articles)
        if effect is None:
            raise PackError(f"{here}: 须注明所依据的条文（article、quote）")
        effects[outcome] = effect
    complaints: dict[str, Basis] = {}
    for duty, spec in (raw.get("complaints") or {}).items():
        here = f"{where}: procedure.complaints.{duty}"
        if duty not in COMPLAINT_DUTIES:
            raise PackError(f"{here}: 未知的事项（可用：{'、'.join(COMPLAINT_DUTIES)}）")
        basis = _basis(spec if isinstance(spec, dict) else {}, here, articles)
        if basis is None:
            raise PackError(f"{here}: 须注明所依据的条文（article、quote）")
        complaints[duty] = basis
    if "request_review" in steps and not review_body:
        raise PackError(f"{where}: 设有复核程序（request_review）时须在 procedure.review_body 写明受理复核的机构")
    return Procedure(
        limits=limits,
        max_extension_days=extension,
        steps=steps,
        decided_by=str(raw.get("decided_by", "") or ""),
        collective_decision=bool(raw.get("collective_decision", False)),
        min_investigators=minimum,
        determine_requires=_names(raw.get("determine_requires"), DETERMINE_REQUIREMENTS, f"{where}: determine_requires"),
        archive_requires=_names(raw.get("archive_requires"), ARCHIVE_REQUIREMENTS, f"{where}: archive_requires"),
        issuer=str(issuer),
        review_body=review_body,
        effects=effects,
        complaints=complaints,
    )


def outcome_of(role: Role) -> Outcome:
    return ROLE_OUTCOME[role]
