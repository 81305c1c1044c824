"""Pages on the rules: the packs with every clause, and checking facts under the packs side by side."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from rongcuo.rules.compare import compare_in_force
from rongcuo.rules.errors import RulesError, UnknownPackError
from rongcuo.rules.expressions import to_chinese
from rongcuo.rules.model import Outcome
from rongcuo.rules.registry import all_packs, installed_pack, pack_ids
from rongcuo.rules.vocabulary import default_vocabulary, fact_groups
from rongcuo.rules.yamlio import load_yaml


def pack_list(request: HttpRequest) -> HttpResponse:
    return render(request, "web/rules/pack_list.html", {"packs": all_packs(), "today": dt.date.today()})


def pack_detail(request: HttpRequest, pack_id: str) -> HttpResponse:
    if pack_id not in pack_ids():
        raise Http404("规则包不存在")
    try:
        pack = installed_pack(pack_id)
    except UnknownPackError as error:
        raise Http404(str(error)) from None
    examples = load_yaml(pack.directory / "examples.yaml")
    clause_examples = examples.get("clauses", {}) if isinstance(examples, dict) else {}
    catch_examples = examples.get("catch_alls", {}) if isinstance(examples, dict) else {}
    vocabulary = default_vocabulary()
    rows = []
    for clause in pack.clauses:
        example = clause_examples.get(clause.key) or catch_examples.get(clause.key) or {}
        rows.append(
            {
                "clause": clause,
                "fact_labels": [(name, vocabulary.label(name)) for name in clause.facts],
                "condition": to_chinese(clause.condition, vocabulary.label) if clause.condition else "",
                "holds": [vocabulary.label(n) for n in example.get("holds", example.get("listed_when", []))],
                "not_holds": [vocabulary.label(n) for n in example.get("not_holds", example.get("not_listed_when", []))],
            }
        )
    scenarios = [{**sc, "outcome_label": Outcome(sc["outcome"]).label if sc.get("outcome") else "—"}
                 for sc in (examples.get("scenarios", []) if isinstance(examples, dict) else [])]
    return render(request, "web/rules/pack_detail.html", {"pack": pack, "rows": rows, "scenarios": scenarios})


def fact_choices(selected: set[str], only: set[str] | None = None) -> list[dict[str, object]]:
    """The vocabulary by section, as checkbox groups (optionally only the facts some pack uses)."""
    vocabulary = default_vocabulary()
    return [
        {
            "title": title,
            "facts": [
                {"name": name, "label": vocabulary.label(name), "checked": name in selected}
                for name in names
                if only is None or name in only
            ],
        }
        for title, names in fact_groups()
    ]


def rules_check(request: HttpRequest) -> HttpResponse:
    """Tick the established facts; see the outcome under every pack in force, and why they differ."""
    selected = set(request.GET.getlist("f"))
    error = ""
    comparison = None
    on = dt.date.today()
    if request.GET.get("on"):
        try:
            on = dt.date.fromisoformat(request.GET["on"])
        except ValueError:
            error = f"日期格式错误：{request.GET['on'][:20]}（请用日期选择器选择，或写作 2025-06-01）"
    if "run" in request.GET and not error:
        try:
            comparison = compare_in_force(dict.fromkeys(selected, True), on)
        except RulesError as problem:
            error = str(problem).replace(" (no pack in force)", "。")
    context = {"groups": fact_choices(selected), "comparison": comparison, "error": error, "on": on}
    return render(request, "web/rules/check.html", context)
