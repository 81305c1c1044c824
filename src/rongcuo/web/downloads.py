"""A file the server made in memory (a Word document, a workbook), sent as a download under its
Chinese name: Django writes the name in both forms browsers read (RFC 6266)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from rongcuo.documents.selectors import DOCX

__all__ = ["DOCX", "XLSX", "download"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
