"""Schemathesis against the OpenAPI schema, in process, as a privileged user (承办人) and as an
officer: generated requests to every operation never get a server error, and every status code
they get is one the schema documents."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error, status_code_conformance


def token_for(place: Any, who: str) -> str:
    import datetime as dt

    from rongcuo.cases import services as s

    s.case_apply(actor=place.officer_user, officer=place.officer, source="own_application", title="未及时发现隐患",
                 narrative="检查时企业隐瞒了隐患。", conduct_date=dt.date(2025, 6, 1), facts={})
    return str(Token.objects.create(user=getattr(place, who)).key)


FUZZ = hypothesis_settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), database=None,
                           derandomize=True)
CHECKS = [not_a_server_error, status_code_conformance]


@pytest.fixture
def connection_kept_across_requests() -> Any:
    """The WSGI app is called in the test's own transaction: like Django's test client, keep the
    database connection open at the end of each request."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("who", ["handler", "officer_user"])
@pytest.mark.usefixtures("connection_kept_across_requests")
def test_no_server_error_and_every_answer_is_documented(licheng: Any, who: str) -> None:
    from django.core.wsgi import get_wsgi_application

    token = token_for(licheng, who)
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 30
    for operation in operations:
        if operation.path == "/api/auth/token/":
            continue  # five wrong passwords would lock the account (tested in tests/core/test_operations.py)

        @FUZZ
        @given(case=operation.as_strategy())
        def run(case: Any) -> None:
            case.validate_response(case.call(headers={"Authorization": f"Token {token}"}), checks=CHECKS)

        try:
            run()
        except Exception as failure:  # collect every operation's failure, then report them all
            failures.append(f"{operation.method.upper()} {operation.path}: {str(failure)[:600]}")
    assert failures == []


def test_sending_the_same_application_again_is_a_documented_answer(licheng: Any) -> None:
    from django.test import Client

    schema = Client().get("/api/schema/?format=json").json()
    assert {"200", "201"} <= set(schema["paths"]["/api/cases/"]["post"]["responses"])


def test_the_receipt_limit_answers_429_on_every_receipt_endpoint_and_the_schema_says_so(db: Any) -> None:
    """Ten wrong receipts from one network in ten minutes, then both looking up and adding are refused
    with 429, an answer a client generated from the schema knows (a fuzzing run that guessed often
    enough found the adding endpoint's 429 undocumented)."""
    from django.test import Client

    client = Client()
    for _ in range(10):
        assert client.get("/api/public/complaints/0000000000000000/").status_code == 404
    assert client.get("/api/public/complaints/0000000000000000/").status_code == 429
    added = client.post("/api/public/complaints/0000000000000000/", {"text": "补充"}, content_type="application/json")
    assert added.status_code == 429
    assert "查询过于频繁" in added.json()["error"]["message"]
    paths = Client().get("/api/schema/?format=json").json()["paths"]["/api/public/complaints/{receipt}/"]
    assert "429" in paths["get"]["responses"]
    assert "429" in paths["post"]["responses"]
