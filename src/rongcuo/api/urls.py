"""API routes under /api/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from rongcuo.api.auth import ObtainToken
from rongcuo.api.views import cases, complaints, documents, evaluation, ledger, public, rules, statistics
from rongcuo.api.views.cases import STEP_INPUTS

app_name = "api"

urlpatterns: list[URLPattern | URLResolver] = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("packs/", rules.PackListView.as_view(), name="pack-list"),
    path("packs/<str:pack_id>/", rules.PackDetailView.as_view(), name="pack-detail"),
    path("rules/assess/", rules.AssessView.as_view(), name="rules-assess"),
    path("rules/compare/", rules.CompareView.as_view(), name="rules-compare"),
    path("auth/token/", ObtainToken.as_view(), name="token"),
    path("cases/", cases.CaseListView.as_view(), name="case-list"),
    path("cases/<int:pk>/", cases.CaseDetailView.as_view(), name="case-detail"),
    path("cases/<int:pk>/events/", cases.CaseEventsView.as_view(), name="case-events"),
    path("cases/<int:pk>/evidence/", cases.CaseEvidenceView.as_view(), name="case-evidence"),
    path("deadlines/", cases.DeadlinesView.as_view(), name="deadlines"),
    path("ledger/", ledger.LedgerListView.as_view(), name="ledger"),
    path("ledger/import/", ledger.LedgerImportView.as_view(), name="ledger-import"),
    path("ledger/export/", ledger.LedgerExportView.as_view(), name="ledger-export"),
    path("ledger/template/", ledger.LedgerTemplateView.as_view(), name="ledger-template"),
    path("statistics/", statistics.StatisticsView.as_view(), name="statistics"),
    path("evaluation/owed/", evaluation.OwedView.as_view(), name="evaluation-owed"),
    path("evaluation/self/<int:entry_pk>/", evaluation.SelfEvaluationView.as_view(), name="evaluation-self"),
    path("evaluation/year/", evaluation.YearView.as_view(), name="evaluation-year"),
    path("evaluation/samplings/", evaluation.SamplingView.as_view(), name="evaluation-samplings"),
    path("public/complaints/", public.PublicComplaintsView.as_view(), name="public-complaints"),
    path("public/complaints/<str:receipt>/", public.PublicComplaintView.as_view(), name="public-complaint"),
    path("public/decisions/", public.PublicDecisionsView.as_view(), name="public-decisions"),
    path("complaints/", complaints.ComplaintListView.as_view(), name="complaint-list"),
    path("complaints/<int:pk>/", complaints.ComplaintDetailView.as_view(), name="complaint-detail"),
    path("complaints/reveals/<int:pk>/decision/", complaints.RevealDecisionView.as_view(), name="reveal-decision"),
    *[path(f"complaints/<int:pk>/{action}/", complaints.action_view(action).as_view(),
           name=f"complaint-{action}") for action in complaints.ACTIONS],
    path("reports/work/", statistics.WorkReportView.as_view(), name="work-report"),
    path("cases/<int:pk>/documents/", documents.CaseDocumentsView.as_view(), name="case-documents"),
    path("cases/<int:pk>/documents/<int:document_pk>/docx/", documents.DocumentDocxView.as_view(), name="document-docx"),
    path("cases/<int:pk>/documents/<int:document_pk>/pdf/", documents.DocumentPdfView.as_view(), name="document-pdf"),
    path("cases/<int:pk>/documents/<int:document_pk>/reissue/", documents.DocumentReissueView.as_view(),
         name="document-reissue"),
    path("cases/<int:pk>/dossier/", documents.CaseDossierView.as_view(), name="case-dossier"),
    path("cases/<int:pk>/dossier/file/", documents.DossierFileView.as_view(), name="dossier-file"),
    *[
        path(f"cases/<int:pk>/{action}/", cases.step_view(action).as_view(), name=f"case-{action.replace('_', '-')}")
        for action in STEP_INPUTS
    ],
]
