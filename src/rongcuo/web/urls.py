"""Page routes."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from rongcuo.web.views import auth, cases, documents, evaluation, ledger, reports, rules, statistics

app_name = "web"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", cases.workbench, name="home"),
    path("welcome/", auth.home, name="welcome"),
    path("cases/", cases.case_list, name="case_list"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/evidence/", cases.case_evidence, name="case_evidence"),
    path("cases/<int:pk>/evidence/<int:evidence_pk>/", cases.case_evidence_file, name="case_evidence_file"),
    path("cases/<int:pk>/documents/", documents.case_documents, name="case_documents"),
    path("cases/<int:pk>/documents/<int:document_pk>/docx/", documents.document_docx, name="document_docx"),
    path("cases/<int:pk>/documents/<int:document_pk>/pdf/", documents.document_pdf, name="document_pdf"),
    path("cases/<int:pk>/documents/<int:document_pk>/reissue/", documents.document_reissue, name="document_reissue"),
    path("cases/<int:pk>/dossier/", documents.case_dossier, name="case_dossier"),
    path("cases/<int:pk>/dossier/make/", documents.case_dossier_make, name="case_dossier_make"),
    path("cases/<int:pk>/print/", documents.case_print, name="case_print"),
    path("cases/<int:pk>/<str:action>/", cases.case_step, name="case_step"),
    path("ledger/", ledger.ledger_list, name="ledger"),
    path("ledger/import/", ledger.ledger_import, name="ledger_import"),
    path("ledger/export/", ledger.ledger_export, name="ledger_export"),
    path("ledger/template/", ledger.ledger_template, name="ledger_template"),
    path("evaluation/", evaluation.evaluation_page, name="evaluation"),
    path("evaluation/self/<int:entry_pk>/", evaluation.evaluation_self, name="evaluation_self"),
    path("evaluation/<int:pk>/notice/", evaluation.evaluation_notice, name="evaluation_notice"),
    path("evaluation/draw/", evaluation.evaluation_draw, name="evaluation_draw"),
    path("evaluation/summary/", evaluation.evaluation_summary, name="evaluation_summary"),
    path("evaluation/sampling/<int:pk>/", evaluation.evaluation_sampling, name="evaluation_sampling"),
    path("evaluation/sampling/<int:pk>/<int:file_pk>/", evaluation.evaluation_sampled, name="evaluation_sampled"),
    path("reports/work/", reports.work_report_page, name="work_report"),
    path("reports/work/document/", reports.work_report_document, name="work_report_document"),
    path("statistics/", statistics.statistics_page, name="statistics"),
    path("statistics/export/", statistics.statistics_export, name="statistics_export"),
    path("statistics/report/", statistics.statistics_report, name="statistics_report"),
    path("statistics/report/<int:pk>.docx", statistics.statistics_report_document, name="statistics_report_document"),
    path("certificates/", statistics.certificates, name="certificates"),
    path("documents/settings/", documents.document_settings, name="document_settings"),
    path("documents/settings/<int:jurisdiction_pk>/", documents.document_settings_save, name="document_settings_save"),
    path("documents/settings/<int:jurisdiction_pk>/<str:layout>.docx", documents.document_template_file,
         name="document_template_file"),
    path("apply/", cases.apply, name="apply"),
    path("approvals/", cases.approvals, name="approvals"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.logout, name="logout"),
    path("packs/", rules.pack_list, name="pack_list"),
    path("packs/<str:pack_id>/", rules.pack_detail, name="pack_detail"),
    path("rules/check/", rules.rules_check, name="rules_check"),
]
