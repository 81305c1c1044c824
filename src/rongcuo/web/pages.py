"""Every list on a page comes in pages (?page=N); a page number that is not one shows the first
or the last page rather than an error."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def page_of(request: HttpRequest, items: Any, size: int = 50, name: str = "page") -> Page[Any]:
    page = Paginator(items, size).get_page(request.GET.get(name))
    page.param = name  # type: ignore[attr-defined]  # the template's links keep the other parameters
    query = request.GET.copy()
    query.pop(name, None)
    page.rest = query.urlencode()  # type: ignore[attr-defined]
    return page
