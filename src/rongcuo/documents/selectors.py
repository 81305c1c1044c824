"""Reads: a case's documents and dossiers, and what a user may do with them."""

from __future__ import annotations

from django.db.models import QuerySet

from rongcuo.cases.models import Case
from rongcuo.core.models import Jurisdiction, User
from rongcuo.core.roles import Role
from rongcuo.documents.models import DocumentTemplate, Dossier, IssuedDocument

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def download_name(document: IssuedDocument, extension: str) -> str:
    """容错纠错认定决定书历司容决〔2026〕4号（第2版）.docx"""
    version = f"（第{document.version}版）" if document.version > 1 else ""
    return f"{document.kind}{document.number}{version}.{extension}"


def documents_of(case: Case) -> QuerySet[IssuedDocument]:
    """Every version of every document of the case, in the order they were issued."""
    return IssuedDocument.objects.filter(case=case).select_related("issued_by").order_by("pk")


def document_of(case: Case, pk: int) -> IssuedDocument | None:
    found: IssuedDocument | None = documents_of(case).filter(pk=pk).first()
    return found


def superseded_ids(case: Case) -> set[int]:
    """Versions a later version of the same document replaces (kept, shown as earlier versions)."""
    newest: dict[tuple[str, str], int] = {}
    for pk, kind, subject in IssuedDocument.objects.filter(case=case).order_by("pk").values_list("pk", "kind", "subject"):
        newest[(kind, subject)] = pk
    current = set(newest.values())
    return set(IssuedDocument.objects.filter(case=case).exclude(pk__in=current).values_list("pk", flat=True))


def latest_dossier(case: Case) -> Dossier | None:
    found: Dossier | None = Dossier.objects.filter(case=case).order_by("-version").first()
    return found


def administered(user: User) -> QuerySet[Jurisdiction]:
    """The jurisdictions whose document settings this user administers."""
    ids = user.role_assignments.filter(role=Role.ADMIN, jurisdiction__isnull=False).values("jurisdiction")
    return Jurisdiction.objects.filter(pk__in=ids).order_by("pk")


def active_templates(jurisdiction: Jurisdiction) -> dict[str, DocumentTemplate]:
    result: dict[str, DocumentTemplate] = {}
    for template in DocumentTemplate.objects.filter(jurisdiction=jurisdiction, active=True).order_by("pk"):
        result[template.layout] = template
    return result
