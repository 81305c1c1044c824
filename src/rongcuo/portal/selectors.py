"""What the portal shows: the jurisdictions with their regulations, the positive and negative lists
derived from the packs (with the packs' own examples and the published comments), the released
determinations, and the statistics a jurisdiction has chosen to publish. Only approved or
published material is ever read here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import yaml
from django.db.models import QuerySet

from rongcuo.core.models import Jurisdiction
from rongcuo.portal.models import Comment, Release
from rongcuo.rules.model import Role
from rongcuo.rules.pack import Clause, Pack
from rongcuo.rules.registry import get_pack
from rongcuo.rules.vocabulary import default_vocabulary

POSITIVE = (Role.DUTY, Role.TOLERANCE, Role.MITIGATION, Role.CONDITION)
NEGATIVE = (Role.EXCLUSION,)
HEADINGS = {Role.DUTY: "履职尽责、不作为执法过错的情形", Role.TOLERANCE: "容错的情形",
            Role.MITIGATION: "可以从轻或者减轻的情形", Role.CONDITION: "免除责任须同时符合的条件"}


def places() -> list[Jurisdiction]:
    return [j for j in Jurisdiction.objects.order_by("pk") if j.rule_packs]


def place(pk: Any) -> Jurisdiction | None:
    return next((j for j in places() if str(j.pk) == str(pk)), None)


def regulations(where: Jurisdiction) -> list[tuple[Pack, str]]:
    """Each regulation in force in a jurisdiction, with its full text as published."""
    packs = [get_pack(pack_id) for pack_id in where.rule_packs]
    return [(pack, (pack.directory / pack.source_file).read_text(encoding="utf-8")) for pack in packs]


@dataclass
class Item:
    pack: Pack
    clause: Clause
    example: list[str]
    comments: list[Comment] = field(default_factory=list)

    @property
    def citation(self) -> str:
        return f"《{self.pack.name}》{self.clause.citation}"


@dataclass
class Section:
    heading: str
    wording: str  # what the regulation says follows (应当从轻、减轻处理或者予以免责 …)
    items: list[Item]


@dataclass
class Lists:
    pack: Pack
    positive: list[Section]
    negative: list[Item]


@cache
def _examples(pack_id: str) -> dict[str, list[str]]:
    pack = get_pack(pack_id)
    path = pack.directory / "examples.yaml"
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    labels = default_vocabulary()
    clauses = {c.key: set(c.facts) for c in pack.clauses}
    # only the facts of the clause's own condition: an example's other facts test precedence
    return {str(key): [labels.label(f) for f in (spec or {}).get("holds", []) if f in clauses.get(str(key), ())]
            for key, spec in (data.get("clauses") or {}).items()}


def lists(where: Jurisdiction) -> list[Lists]:
    """Per regulation: what will be tolerated (履职尽责、容错、可以从轻减轻, and the conditions of
    免责) and what never (不予容错), each clause word for word with an example from the pack."""
    comments: dict[tuple[str, str], list[Comment]] = {}
    for comment in Comment.objects.filter(jurisdiction=where, state=Comment.State.PUBLISHED).order_by("created_at"):
        comments.setdefault((comment.pack_id, comment.clause), []).append(comment)
    result = []
    for pack_id in where.rule_packs:
        pack = get_pack(pack_id)
        examples = _examples(pack_id)

        def item(clause: Clause, pack: Pack = pack, examples: dict[str, list[str]] = examples) -> Item:
            return Item(pack, clause, examples.get(clause.key, []), comments.get((pack.id, clause.key), []))

        wording = {Role.DUTY: "", Role.TOLERANCE: pack.dispositions.tolerated_wording,
                   Role.MITIGATION: pack.dispositions.mitigable_wording, Role.CONDITION: pack.dispositions.exemption_wording}
        # catch-alls (其他……情形) stand with the list they close, marked as such
        positive = [Section(HEADINGS[role], wording[role], [item(c) for c in pack.clauses if c.tier is role])
                    for role in POSITIVE if any(c.tier is role for c in pack.clauses)]
        result.append(Lists(pack, positive, [item(c) for c in pack.clauses if c.tier in NEGATIVE]))
    return result


def releases(where: Jurisdiction | None = None) -> QuerySet[Release]:
    found = Release.objects.filter(state=Release.State.APPROVED).select_related("jurisdiction")
    if where is not None:
        found = found.filter(jurisdiction__in=where.subtree_ids())
    return found.order_by("-approved_at", "-pk")


def statistics(where: Jurisdiction, today: dt.date) -> Any:
    """The year's enforcement figures, where the jurisdiction publishes them (else None)."""
    if not where.publish_statistics:
        return None
    from rongcuo.ledger.statistics import tree

    return tree(where, dt.date(today.year, 1, 1), today).total
