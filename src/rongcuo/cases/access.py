"""Who may see and act on a case: one matrix for the API and the pages."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.db.models.signals import post_delete, post_save

from rongcuo.cases.models import Case, Transfer
from rongcuo.core.models import RoleAssignment, User
from rongcuo.core.roles import Role


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Office staff see their jurisdiction's cases; a liaison their agency's; an officer their own;
    discipline inspection the joint investigations of their jurisdiction."""
    if not user.is_authenticated:
        return Case.objects.none()
    if user.is_superuser:
        return Case.objects.all()
    condition = Q(pk__in=[])
    for grant in user.role_assignments.all():
        if grant.role in (Role.HANDLER, Role.INVESTIGATOR, Role.HEAD, Role.ADMIN) and grant.jurisdiction_id:
            condition |= Q(jurisdiction_id=grant.jurisdiction_id)
        elif grant.role == Role.LIAISON and grant.agency_id:
            # their own officers' cases, and cases transferred to their agency (历城区办法第十五条)
            condition |= Q(agency_id=grant.agency_id) | Q(
                pk__in=Transfer.objects.filter(agency_id=grant.agency_id).values("case_id"))
        elif grant.role == Role.DISCIPLINE and grant.jurisdiction_id:
            condition |= Q(jurisdiction_id=grant.jurisdiction_id, joint_with_discipline=True)
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


# Grants and transfers are read once per object and kept until any role or transfer changes
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
    if not case.pk:
        return []
    cached = getattr(case, "_rongcuo_transfers", None)
    if cached is None or cached[0] != _generation[0]:
        cached = (_generation[0], list(case.transfers.values_list("agency_id", flat=True)))
        case._rongcuo_transfers = cached  # type: ignore[attr-defined]
    agencies: list[int] = cached[1]
    return agencies


post_save.connect(_changed, sender=RoleAssignment, dispatch_uid="rongcuo.access.roles_saved")
post_delete.connect(_changed, sender=RoleAssignment, dispatch_uid="rongcuo.access.roles_deleted")
post_save.connect(_changed, sender=Transfer, dispatch_uid="rongcuo.access.transfer_saved")
post_delete.connect(_changed, sender=Transfer, dispatch_uid="rongcuo.access.transfer_deleted")


def is_the_officer(user: User, case: Case) -> bool:
    return case.officer.user_id is not None and case.officer.user_id == user.pk
