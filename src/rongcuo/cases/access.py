"""Who may see and act on a case: one matrix for the API and the pages."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.db.models.signals import post_delete, post_save

from rongcuo.cases.models import Case, Transfer
from rongcuo.core.models import RoleAssignment, User
from rongcuo.core.roles import Role


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Office staff (the administrator included) see their jurisdiction's cases; a liaison their
    agency's and those transferred to it; an officer their own; discipline inspection the joint
    investigations of their jurisdiction."""
    if not user.is_authenticated:
        return Case.objects.none()
    # A superuser sees cases only through role grants like everyone else: managing users and master
    # data gives no view of the cases of a jurisdiction the account holds no role in.
    condition = Q(pk__in=[])
    for role, jurisdiction, agency in grants_of(user):
        if role in (Role.HANDLER, Role.INVESTIGATOR, Role.HEAD, Role.ADMIN) and jurisdiction:
            condition |= Q(jurisdiction_id=jurisdiction)
        elif role == Role.LIAISON and agency:
            # their own officers' cases, and cases transferred to their agency (历城区办法第十五条)
            condition |= Q(agency_id=agency) | Q(pk__in=Transfer.objects.filter(agency_id=agency).values("case_id"))
        elif role == Role.DISCIPLINE and jurisdiction:
            condition |= Q(jurisdiction_id=jurisdiction, joint_with_discipline=True)
    if hasattr(user, "officer"):
        condition |= Q(officer__user=user)
    return Case.objects.filter(condition)


def can_view(user: User, case: Case) -> bool:
    return cases_visible_to(user).filter(pk=case.pk).exists()


def has_role_for(user: User, case: Case, *roles: str) -> bool:
    """Does the user hold one of `roles` in the case's jurisdiction (or, for liaisons, its agency
    or an agency the case was transferred to)? The administrator manages master data and users
    and takes no case step."""
    agencies = {case.agency_id, *transferred_to(case)}
    return any(role in roles and (jurisdiction == case.jurisdiction_id or agency in agencies)
               for role, jurisdiction, agency in grants_of(user))


# Grants are read once per user object and kept until any role changes
# (a page asks “may this user …” for every step of the procedure).
_generation = [0]


def _changed(**_: object) -> None:
    _generation[0] += 1


def grants_of(user: User) -> list[tuple[str, int | None, int | None]]:
    cached = getattr(user, "_rongcuo_grants", None)
    if cached is None or cached[0] != _generation[0]:
        cached = (_generation[0], list(user.role_assignments.values_list("role", "jurisdiction_id", "agency_id")))
        user._rongcuo_grants = cached  # type: ignore[attr-defined]
    return cached[1]  # type: ignore[return-value]


def transferred_to(case: Case) -> list[int]:
    """The agencies the case was transferred to (read with the case's records on a page)."""
    if not case.pk:
        return []
    return [t.agency_id for t in case.transfers.all()]


post_save.connect(_changed, sender=RoleAssignment, dispatch_uid="rongcuo.access.roles_saved")
post_delete.connect(_changed, sender=RoleAssignment, dispatch_uid="rongcuo.access.roles_deleted")


def is_the_officer(user: User, case: Case) -> bool:
    return case.officer.user_id is not None and case.officer.user_id == user.pk
