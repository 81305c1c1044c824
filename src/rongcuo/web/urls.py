"""Page routes."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from rongcuo.web.views import auth, cases, rules

app_name = "web"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", cases.workbench, name="home"),
    path("welcome/", auth.home, name="welcome"),
    path("cases/", cases.case_list, name="case_list"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/evidence/", cases.case_evidence, name="case_evidence"),
    path("cases/<int:pk>/evidence/<int:evidence_pk>/", cases.case_evidence_file, name="case_evidence_file"),
    path("cases/<int:pk>/<str:action>/", cases.case_step, name="case_step"),
    path("apply/", cases.apply, name="apply"),
    path("approvals/", cases.approvals, name="approvals"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.logout, name="logout"),
    path("packs/", rules.pack_list, name="pack_list"),
    path("packs/<str:pack_id>/", rules.pack_detail, name="pack_detail"),
    path("rules/check/", rules.rules_check, name="rules_check"),
]
