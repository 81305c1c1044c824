"""Top-level routes: pages, the API under /api/, and Django's admin."""

from __future__ import annotations

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("api/", include("rongcuo.api.urls")),
    path("", include("rongcuo.web.urls")),
]
