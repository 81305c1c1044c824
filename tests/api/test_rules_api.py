"""The rules through the REST API: the same answers as the command line, errors as JSON in Chinese."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_packs_are_listed_with_document_numbers_and_periods(api: APIClient) -> None:
    data = api.get("/api/packs/").json()
    assert {p["id"]: p["document_number"] for p in data} == {
        "licheng-2025": "济历城政发〔2025〕1号",
        "xixian-2022": "隰政办发〔2022〕63号",
    }
    assert [p["valid_to"] for p in data] == ["2027-02-28", None]


def test_a_pack_shows_every_clause_with_its_text_and_condition(api: APIClient) -> None:
    data = api.get("/api/packs/xixian-2022/").json()
    clause = next(c for c in data["clauses"] if c["citation"] == "第十三条")
    assert clause["text"] == "执法人员履行职责过程中违反法定的职责范围和法定程序的，不予容错。"
    assert clause["role"] == "exclusion"
    assert "outside_statutory_authority" in clause["facts"]


def test_assess_answers_as_the_contract_says(api: APIClient) -> None:
    response = api.post(
        "/api/rules/assess/",
        {"pack": "licheng-2025", "facts": {"counterparty_concealed_information": True}, "on": "2025-06-01"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["outcome"] == "tolerated"
    assert body["grounds"][0]["citation"] == "第十条第（七）项"


def test_compare_flags_different_outcomes_for_the_same_facts(api: APIClient) -> None:
    response = api.post(
        "/api/rules/compare/", {"facts": {"enforcement_escalated": True, "counterparty_continued_violation": True},
                                "on": "2025-06-01"}, format="json"
    )
    body = response.json()
    assert body["consistent"] is False
    assert {r["pack"]: r["outcome"] for r in body["results"]} == {
        "licheng-2025": "no_ground",
        "xixian-2022": "duty_fulfilled",
    }


@pytest.mark.parametrize(
    ("payload", "code", "words"),
    [
        ({"pack": "nope", "facts": {}}, "invalid_facts", "licheng-2025"),
        ({"pack": "licheng-2025", "facts": {"privat_gain": True}}, "invalid_facts", "private_gain"),
        ({"pack": "licheng-2025", "facts": {"private_gain": "yes"}}, "invalid_facts", "布尔"),
        ({"pack": "licheng-2025", "facts": {}, "on": "2024-01-01"}, "invalid_facts", "2025年3月1日"),
        ({"facts": {}}, "invalid", "pack"),
    ],
)
def test_bad_input_is_a_json_error_with_a_stable_code_and_chinese_message(
    api: APIClient, payload: dict[str, object], code: str, words: str
) -> None:
    response = api.post("/api/rules/assess/", payload, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == code
    assert words in error["message"] or words in str(error.get("fields"))


def test_the_openapi_schema_describes_the_rules_endpoints(api: APIClient) -> None:
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/rules/assess/" in response.json()["paths"]


@pytest.mark.parametrize("pack", ["/etc", "../packs/licheng-2025", "/tmp/evidence", "src/rongcuo/packs/licheng-2025"])
def test_the_rules_api_takes_installed_pack_ids_only_and_never_shows_a_path(api: APIClient, pack: str) -> None:
    response = api.post("/api/rules/assess/", {"pack": pack, "facts": {}, "on": "2025-06-01"}, format="json")
    assert response.status_code == 400
    body = response.content.decode()
    assert "licheng-2025, xixian-2022" in body
    assert "/work" not in body
    assert "pack.yaml" not in body


def test_the_api_docs_load_every_asset_from_this_server(api: APIClient) -> None:
    page = api.get("/api/docs/").content.decode()
    assert "swagger-ui" in page
    assert "cdn.jsdelivr" not in page
    assert "https://" not in page.split("<body")[0]  # no asset from outside in the head
