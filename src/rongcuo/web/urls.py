"""Page routes."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from rongcuo.web.views import auth, rules

app_name = "web"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", auth.home, name="home"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.logout, name="logout"),
    path("packs/", rules.pack_list, name="pack_list"),
    path("packs/<str:pack_id>/", rules.pack_detail, name="pack_detail"),
    path("rules/check/", rules.rules_check, name="rules_check"),
]
