"""Who may see and act on a case: one matrix for the API and the pages."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from rongcuo.cases.models import Case, Transfer
from rongcuo.core.models import User
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
    """Does the user hold one of `roles` in the case's jurisdiction (or, for liaisons, its agency)?
    The administrator manages master data and users and takes no case step."""
    grants = user.role_assignments.filter(role__in=roles)
    transferred_to = case.transfers.values("agency") if case.pk else []
    return grants.filter(Q(jurisdiction=case.jurisdiction) | Q(agency=case.agency) | Q(agency__in=transferred_to)).exists()


def is_the_officer(user: User, case: Case) -> bool:
    return case.officer.user_id is not None and case.officer.user_id == user.pk
