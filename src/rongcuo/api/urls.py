"""API routes under /api/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from rongcuo.api.views import rules

app_name = "api"

urlpatterns: list[URLPattern | URLResolver] = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("packs/", rules.PackListView.as_view(), name="pack-list"),
    path("packs/<str:pack_id>/", rules.PackDetailView.as_view(), name="pack-detail"),
    path("rules/assess/", rules.AssessView.as_view(), name="rules-assess"),
    path("rules/compare/", rules.CompareView.as_view(), name="rules-compare"),
]
