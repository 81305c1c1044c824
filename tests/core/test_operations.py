"""What operations rely on: a backup restores into an empty database with every file and passes
`audit verify`; production refuses to start without its secrets; errors and refusals are logged as
JSON lines; API tokens expire and are revoked; reads of a case are logged; pages carry a CSP."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from rongcuo.cases import services as s
from rongcuo.cases.models import Case
from rongcuo.core.models import Event, ReadLog, RoleAssignment
from rongcuo.core.roles import Role

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def a_case(place: Any) -> Any:
    case = s.case_apply(actor=place.officer_user, officer=place.officer, source="own_application", title="未及时发现隐患",
                        narrative="检查时企业隐瞒了隐患。", conduct_date=dt.date(2025, 6, 1), facts={})
    s.case_file(actor=place.head, case=case)
    s.case_add_evidence(actor=place.officer_user, case=case, file=SimpleUploadedFile("记录.pdf", PDF), description="检查记录")
    return case


@pytest.mark.django_db(transaction=True)  # the new server's empty database: a real flush, outside a test transaction
def test_a_backup_restores_into_an_empty_database_with_its_files_and_passes_verify(
        licheng: Any, settings: Any, tmp_path: Path, capsys: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    case = a_case(licheng)
    number, evidence_name = case.number, case.evidence.get().file.name
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", str(archive))
    heads = tmp_path / "heads.json"
    call_command("audit", "export-heads", "--output", str(heads))
    # a new server: an empty database and an empty file store
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored"
    assert not Case.objects.exists()
    capsys.readouterr()
    call_command("restore", str(archive), "--against", str(heads))
    assert "校验通过" in capsys.readouterr().out
    restored = Case.objects.get()
    assert restored.number == number
    assert (tmp_path / "restored" / evidence_name).read_bytes() == PDF


def test_restore_refuses_a_database_that_is_not_empty(licheng: Any, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    a_case(licheng)
    call_command("backup", "--output", str(tmp_path / "b.tar.gz"))
    with pytest.raises(Exception, match="数据库不是空的"):
        call_command("restore", str(tmp_path / "b.tar.gz"))


def start_production(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "RONGCUO_"))}
    return subprocess.run([sys.executable, "-c", "import config.wsgi"], capture_output=True, text=True, timeout=120,
                          env={**clean, "PYTHONPATH": str(ROOT / "src"), **env}, cwd=ROOT)


def test_production_refuses_to_start_without_its_secrets(tmp_path: Path) -> None:
    result = start_production(RONGCUO_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
    key = "k" * 40
    result = start_production(RONGCUO_DATA_DIR=str(tmp_path), DJANGO_SECRET_KEY=key)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr
    result = start_production(RONGCUO_DATA_DIR=str(tmp_path), DJANGO_SECRET_KEY=key, DJANGO_ALLOWED_HOSTS="rc.example")
    assert result.returncode != 0
    assert "签名密钥" in result.stderr
    call_command("audit", "keygen", "--output", str(tmp_path / "record.key"))
    result = start_production(RONGCUO_DATA_DIR=str(tmp_path), DJANGO_SECRET_KEY=key, DJANGO_ALLOWED_HOSTS="rc.example",
                              RONGCUO_SIGNING_KEY_FILE=str(tmp_path / "record.key"))
    assert result.returncode != 0
    assert "RONGCUO_IDENTITY_KEY_FILE" in result.stderr  # reporters' identities need their key outside the database
    call_command("complaints", "keygen", "--output", str(tmp_path / "identity.key"))
    result = start_production(RONGCUO_DATA_DIR=str(tmp_path), DJANGO_SECRET_KEY=key, DJANGO_ALLOWED_HOSTS="rc.example",
                              RONGCUO_SIGNING_KEY_FILE=str(tmp_path / "record.key"),
                              RONGCUO_IDENTITY_KEY_FILE=str(tmp_path / "identity.key"))
    assert result.returncode == 0, result.stderr


def test_a_refused_access_leaves_a_json_log_line(licheng: Any, xixian: Any, caplog: Any) -> None:
    case = a_case(licheng)
    page = Client()
    page.force_login(xixian.handler)
    with caplog.at_level(logging.WARNING, logger="rongcuo.access"):
        assert page.get(f"/cases/{case.pk}/").status_code == 404
    record = next(r for r in caplog.records if r.name == "rongcuo.access")
    assert record.status == 404
    assert record.user == xixian.handler.username
    from rongcuo.core.logging import JsonFormatter

    line = json.loads(JsonFormatter().format(record))
    assert line["path"] == f"/cases/{case.pk}/"
    assert line["status"] == 404
    assert line["level"] == "WARNING"


def token_for(user: Any) -> str:
    user.set_password("a-long-password-9")
    user.save()
    response = APIClient().post("/api/auth/token/", {"username": user.username, "password": "a-long-password-9"})
    assert response.status_code == 200, response.content
    return str(response.json()["token"])


def test_an_api_token_expires(licheng: Any, settings: Any) -> None:
    key = token_for(licheng.handler)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/cases/").status_code == 200
    Token.objects.filter(key=key).update(created=Token.objects.get(key=key).created - dt.timedelta(hours=9))
    response = api.get("/api/cases/")
    assert response.status_code == 401
    assert "过期" in response.json()["error"]["message"]


def test_a_token_is_revoked_when_roles_change_or_the_account_is_locked_out(licheng: Any, settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    token_for(licheng.handler)
    RoleAssignment.objects.create(user=licheng.handler, role=Role.HEAD, jurisdiction=licheng.jurisdiction)
    assert not Token.objects.filter(user=licheng.handler).exists()
    token_for(licheng.handler)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        APIClient().post("/api/auth/token/", {"username": licheng.handler.username, "password": "wrong"})
    assert not Token.objects.filter(user=licheng.handler).exists()


def test_reading_a_case_is_logged_with_who_and_what(licheng: Any, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    case = a_case(licheng)
    page = Client()
    page.force_login(licheng.handler)
    page.get(f"/cases/{case.pk}/")
    page.get(f"/cases/{case.pk}/evidence/{case.evidence.get().pk}/")
    api = APIClient()
    api.force_authenticate(licheng.liaison)
    api.get(f"/api/cases/{case.pk}/events/")
    logged = [(r.user, r.what, r.via) for r in ReadLog.objects.filter(case_id=case.pk).order_by("pk")]
    assert logged == [(licheng.handler, "案件页面", "页面"),
                      (licheng.handler, f"证据材料 {case.evidence.get().pk}", "页面"),
                      (licheng.liaison, "操作记录", "接口")]
    assert Event.objects.filter(stream=case.stream, action__icontains="read").count() == 0


def test_pages_forbid_scripts_from_elsewhere(licheng: Any) -> None:
    response = Client().get("/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_sign_in_name_longer_than_any_account_is_refused_with_400(licheng: Any) -> None:
    response = APIClient().post("/api/auth/token/", {"username": "u" * 300, "password": "x"})
    assert response.status_code == 400
    assert "150" in response.json()["error"]["message"]
    page = Client().post("/login/", {"username": "u" * 300, "password": "x"})
    assert page.status_code == 200  # the form again, with its message
    assert "用户名不超过 150 个字符" in page.content.decode()
