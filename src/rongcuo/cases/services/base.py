"""What every step service shares: lock and check the step against the case's own regulation,
record the event with that regulation's article, refuse with everything that is missing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.utils import timezone

from rongcuo.cases import access, projection
from rongcuo.cases.errors import InvalidInput, NotAllowed, ProcedureError
from rongcuo.cases.loaded import active_investigators
from rongcuo.cases.models import Case, State
from rongcuo.cases.procedure import OFFICER, STEPS, basis_of, label_of, provides
from rongcuo.core.models import User
from rongcuo.core.records import stage_event, unit_of_work
from rongcuo.core.roles import Role
from rongcuo.rules.errors import RulesError
from rongcuo.rules.pack import chinese_date
from rongcuo.rules.registry import get_pack
from rongcuo.rules.vocabulary import default_vocabulary

__all__ = ["chinese_date"]


def today() -> dt.date:
    return timezone.localdate()


def may(actor: User, case: Case, roles: frozenset[str]) -> bool:
    """The actor holds one of `roles` for this case. An investigator acts only on a case they are
    assigned to and have not been recused from."""
    if OFFICER in roles and access.is_the_officer(actor, case):
        return True
    others = [r for r in roles if r not in (OFFICER, Role.INVESTIGATOR)]
    if others and access.has_role_for(actor, case, *others):
        return True
    if Role.INVESTIGATOR in roles and access.has_role_for(actor, case, Role.INVESTIGATOR):
        return actor.pk in active_investigators(case)
    return False


def refuse_unless_provided(case: Case, action: str) -> None:
    if not provides(case.pack_id, action):
        pack = get_pack(case.pack_id)
        raise ProcedureError("not_in_regulation",
                             f"本案适用《{pack.title}》，该规定没有“{STEPS[action].label}”这一程序。")


@contextmanager
def step(case: Case, actor: User, action: str) -> Iterator[Case]:
    """Lock the case, check regulation, state and role, yield it; the caller records the event,
    which is appended when the step ends, carrying every row the step wrote (core.records)."""
    definition = STEPS[action]
    with unit_of_work():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        label = label_of(locked.pack_id, action)
        refuse_unless_provided(locked, action)
        if not may(actor, locked, definition.roles):
            raise NotAllowed("not_allowed", f"您无权办理“{label}”。")
        if locked.state not in definition.states:
            allowed = "、".join(State(s).label for s in sorted(definition.states))
            raise ProcedureError(
                "wrong_state", f"案件当前为“{State(locked.state).label}”，不能{label}（须处于：{allowed}）。"
            )
        yield locked
        if definition.to and locked.state != definition.to:
            locked.state = definition.to
        locked.save()
        projection.refresh(locked)
        # the documents the case's regulation names for this step, from the records just written
        from rongcuo.documents.services import issue_step_documents

        issue_step_documents(actor=actor, case=locked, action=action)
    case.refresh_from_db()


def record(case: Case, actor: User | None, action: str, summary: str, *, reason: str = "",
           basis: str | None = None, before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> None:
    """Append the step's event; its legal basis is the case's own regulation unless given."""
    stage_event(stream=case.stream, actor=actor, action=action, summary=summary, reason=reason,
                legal_basis=basis_of(case.pack_id, action) if basis is None else basis, before=before, after=after)


def number_for(case: Case, kind: str) -> str:
    """A 文号 in the sequence of whoever signs the case's documents (pack.yaml `procedure.issuer`):
    the office's, or the officer's unit's own."""
    from rongcuo.core.numbers import issue_number

    agency = case.agency if get_pack(case.pack_id).procedure.issuer == "agency" else None
    return issue_number(jurisdiction=case.jurisdiction, kind=kind, year=today().year, agency=agency)


def require(missing: list[str], step_label: str) -> None:
    if missing:
        raise ProcedureError("missing_records", f"尚不能办理“{step_label}”，缺少：{'；'.join(missing)}。", details=missing)


def check_facts(facts: dict[str, Any]) -> dict[str, bool]:
    try:
        return default_vocabulary().check_facts(facts)
    except RulesError as error:
        raise InvalidInput("invalid_facts", str(error)) from None


def need_text(value: str, what: str) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidInput("missing_text", f"请填写{what}。")
    return text


def need_date_between(day: dt.date, what: str, earliest: dt.date | None, latest: dt.date) -> None:
    if day > latest:
        raise InvalidInput("invalid_date", f"{what}不能晚于{chinese_date(latest)}。")
    if earliest is not None and day < earliest:
        raise InvalidInput("invalid_date", f"{what}不能早于{chinese_date(earliest)}。")


def headcount(n: int) -> str:
    """人数 as a regulation writes it: 两人, 三人."""
    from rongcuo.rules.citations import chinese_number

    return "两" if n == 2 else chinese_number(n)


def person(user: User) -> str:
    return user.get_full_name() or user.username
