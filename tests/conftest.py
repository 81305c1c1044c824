"""Shared fixtures: two jurisdictions (one per pack) with users for every role.

PostgreSQL-only tests are marked `postgres`; they skip with a reason on SQLite, and CI runs the
database suites again with DATABASE_URL pointing to PostgreSQL (RONGCUO_REQUIRE_POSTGRES=1).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            if os.environ.get("RONGCUO_REQUIRE_POSTGRES") == "1":
                continue  # let it run and fail loudly rather than skip
            item.add_marker(pytest.mark.skip(reason="需要 PostgreSQL：设置 DATABASE_URL=postgresql://…（scripts/test.sh 会这样运行）"))


@dataclass
class Place:
    jurisdiction: Any
    agency: Any
    other_agency: Any
    officer: Any
    other_officer: Any
    handler: Any
    head: Any
    investigators: list[Any]
    liaison: Any
    discipline: Any
    officer_user: Any
    other_officer_user: Any


def make_place(name: str, prefix: str, pack: str, tag: str) -> Place:
    from rongcuo.core.models import Agency, Jurisdiction, Officer, RoleAssignment, User
    from rongcuo.core.roles import Role

    jurisdiction = Jurisdiction.objects.create(name=name, level="county", rule_packs=[pack], number_prefix=prefix,
                                               office_name=f"{name}司法局")
    agency = Agency.objects.create(name=f"{name}市场监督管理局", jurisdiction=jurisdiction, number_prefix=f"{name[0]}市监")
    other_agency = Agency.objects.create(name=f"{name}综合行政执法局", jurisdiction=jurisdiction)

    def user(username: str, role: str | None, **scope: Any) -> Any:
        person = User.objects.create_user(username=f"{tag}_{username}", password="x-long-password-1", first_name=username)
        if role:
            RoleAssignment.objects.create(user=person, role=role, **scope)
        return person

    officer_user = user("officer", None)
    other_officer_user = user("officer2", None)
    return Place(
        jurisdiction=jurisdiction,
        agency=agency,
        other_agency=other_agency,
        officer=Officer.objects.create(name="张执法", certificate_number="37010000001", agency=agency, user=officer_user),
        other_officer=Officer.objects.create(name="李执法", agency=other_agency, user=other_officer_user, is_auxiliary=True),
        handler=user("handler", Role.HANDLER, jurisdiction=jurisdiction),
        head=user("head", Role.HEAD, jurisdiction=jurisdiction),
        investigators=[user(f"inv{i}", Role.INVESTIGATOR, jurisdiction=jurisdiction) for i in range(3)],
        liaison=user("liaison", Role.LIAISON, agency=agency),
        discipline=user("discipline", Role.DISCIPLINE, jurisdiction=jurisdiction),
        officer_user=officer_user,
        other_officer_user=other_officer_user,
    )


@pytest.fixture
def licheng(db: Any) -> Place:
    return make_place("历城区", "历司", "licheng-2025", "lc")


@pytest.fixture
def xixian(db: Any) -> Place:
    return make_place("隰县", "隰司", "xixian-2022", "xx")


@pytest.fixture(autouse=True)
def _files_in_the_tests_own_folder(settings: Any, tmp_path: Any) -> None:
    """Every test keeps the evidence and documents it stores under its own folder. PDFs take
    LibreOffice seconds each, so they are made only in the tests about them (`libreoffice`);
    elsewhere the server runs as one without LibreOffice (the .docx is still made)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RONGCUO_SOFFICE = ""
    settings.RONGCUO_IDENTITY_KEY_FILE = tmp_path / "keys" / "identity.key"


@pytest.fixture
def libreoffice(settings: Any) -> str:
    """PDFs through the machine's LibreOffice (scripts/services.sh installs it; CI must have it)."""
    import shutil

    program = shutil.which("soffice")
    if program is None:
        if os.environ.get("RONGCUO_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice (soffice) 未安装，PDF 测试不能运行")
        pytest.skip("需要 LibreOffice：以 root 运行 scripts/test.sh 会安装它")
    settings.RONGCUO_SOFFICE = program
    return program


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    """Tests create many users; the production hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _sqlite_flush_between_transactional_tests(request: pytest.FixtureRequest, django_db_blocker: Any) -> None:
    """Transactional tests (live server, threads) end by emptying every table; on SQLite that is
    DELETE FROM, which the record's append-only trigger refuses (PostgreSQL empties with TRUNCATE,
    which the trigger leaves alone). So on SQLite such tests run without the trigger, and every
    other test puts it back first (its teardown cannot: the flush comes after it)."""
    if "django_db_setup" not in request.fixturenames and "db" not in request.fixturenames and (
            request.node.get_closest_marker("django_db") is None):
        return
    import importlib

    from django.db import connection

    marker = request.node.get_closest_marker("django_db")
    transactional = {"live_server", "transactional_db"} & set(request.fixturenames) or (
        marker is not None and marker.kwargs.get("transaction"))
    triggers = importlib.import_module("rongcuo.core.migrations.0002_record_integrity")
    with django_db_blocker.unblock():
        if connection.vendor != "sqlite":
            return
        with connection.cursor() as cursor:
            for statement in triggers.SQLITE_UNDO if transactional else triggers.SQLITE_TRIGGER:
                cursor.execute(statement)


@pytest.fixture
def at_once() -> Callable[..., list[Any]]:
    """Run the calls in threads started together, each with its own database connection, and return
    their results in order (concurrency tests: a real server needs PostgreSQL)."""
    from django.db import connection

    def run(*calls: Callable[[], Any]) -> list[Any]:
        results: list[Any] = [None] * len(calls)

        def one(index: int) -> None:
            try:
                results[index] = calls[index]()
            finally:
                connection.close()

        threads = [threading.Thread(target=one, args=(i,)) for i in range(len(calls))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return results

    return run
