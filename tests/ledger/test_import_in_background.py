"""A long ledger file is imported in the background and the page shows how far it has got, then
the outcome: the summary, or every bad row with nothing written (the same service as any import)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from tests.ledger.test_import import good_rows, xlsx

from rongcuo.ledger.models import ImportRun, LedgerEntry

pytestmark = pytest.mark.django_db(transaction=True)  # the run has its own connection


def followed(web: Client, location: str) -> str:
    """The run's page until it has finished, as htmx asks for it every second."""
    for _ in range(100):
        part = web.get(location, HTTP_HX_REQUEST="true").content.decode()
        if "hx-trigger" not in part:
            return part
        time.sleep(0.1)
    raise AssertionError("导入没有结束")


def test_a_long_file_runs_in_the_background_and_the_page_follows_it(licheng: Any, settings: Any) -> None:
    settings.RONGCUO_LEDGER_BACKGROUND_BYTES = 0  # every file counts as long here
    web = Client()
    web.force_login(licheng.liaison)
    answer = web.post("/ledger/import/", {"file": SimpleUploadedFile("台账.xlsx", xlsx(good_rows(licheng.agency.name, 28)))})
    assert answer.status_code == 302
    location = answer["Location"]
    page = web.get(location).content.decode()
    assert "导入台账：台账.xlsx" in page
    done = followed(web, location)
    assert "导入完成：共 28 行，新增 28 行" in done
    assert LedgerEntry.objects.count() == 28
    run = ImportRun.objects.get()
    assert (run.stage, run.rows_done, run.made_by) == ("done", 28, licheng.liaison)
    other = Client()
    other.force_login(licheng.handler)
    assert other.get(location).status_code == 404  # the run is its starter's


def test_a_long_file_with_bad_rows_lists_them_and_writes_nothing(licheng: Any, settings: Any) -> None:
    settings.RONGCUO_LEDGER_BACKGROUND_BYTES = 0
    rows = good_rows(licheng.agency.name, 5)
    rows[3][1] = "罚款"
    web = Client()
    web.force_login(licheng.liaison)
    answer = web.post("/ledger/import/", {"file": SimpleUploadedFile("台账.xlsx", xlsx(rows))})
    done = followed(web, answer["Location"])
    assert "台账未导入" in done
    assert "第 5 行" in done
    assert "“罚款”不是行政执法事项的类别" in done
    assert not LedgerEntry.objects.exists()


def test_a_long_file_whose_columns_differ_asks_for_the_mapping_first(licheng: Any, settings: Any) -> None:
    settings.RONGCUO_LEDGER_BACKGROUND_BYTES = 0
    header = ["编号", "类别", "机关", "承办", "立案", "结案", "金额", "听证", "复议诉讼"]
    web = Client()
    web.force_login(licheng.liaison)
    page = web.post("/ledger/import/", {"file": SimpleUploadedFile("台账.xlsx", xlsx(good_rows(licheng.agency.name), header))})
    assert page.status_code == 200
    assert "指定“台账.xlsx”的列" in page.content.decode()
    assert not ImportRun.objects.exists()


def test_a_csv_read_in_many_blocks_finishes_in_the_background(licheng: Any, settings: Any,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """On PostgreSQL each block goes into a COPY while progress is reported: progress must never use
    the import's connection (a statement there would wait for the COPY forever: the run hung)."""
    from rongcuo.ledger import fast

    settings.RONGCUO_LEDGER_BACKGROUND_BYTES = 0
    monkeypatch.setattr(fast, "BLOCK_BYTES", 300)
    text = ",".join(["案件编号", "执法类别", "执法机关", "承办人", "立案日期"]) + "\n" + "".join(
        f"第{i}号,处罚,{licheng.agency.name},张三,2025-03-01\n" for i in range(1, 201))
    web = Client()
    web.force_login(licheng.liaison)
    answer = web.post("/ledger/import/", {"file": SimpleUploadedFile("台账.csv", text.encode())})
    assert "导入完成：共 200 行，新增 200 行" in followed(web, answer["Location"])
    assert ImportRun.objects.get().rows_done == 200
    assert LedgerEntry.objects.count() == 200


@pytest.mark.postgres  # SQLite lets nobody write while another transaction is open: there progress shows the check
def test_progress_is_committed_at_once_while_the_import_s_transaction_is_open(licheng: Any,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import transaction

    from rongcuo.ledger import background

    monkeypatch.setattr(background, "REPORT_EVERY", 0.02)
    run = ImportRun.objects.create(made_by=licheng.liaison, name="台账.csv")
    with transaction.atomic():  # as the import's own transaction
        progress = background._Progress(run.pk)
        progress(7000)
        for _ in range(100):
            if ImportRun.objects.get(pk=run.pk).rows_done == 7000:
                break
            time.sleep(0.02)
        progress.close()
        assert ImportRun.objects.get(pk=run.pk).rows_done == 7000  # written and committed by its own connection


@pytest.mark.postgres
def test_the_same_file_sent_twice_at_once_is_imported_once_and_the_other_run_says_so(licheng: Any, settings: Any) -> None:
    """Each run reads its own copy of the upload: the first to finish no longer removes the file the
    other is about to read (it failed with 导入时出错)."""
    settings.RONGCUO_LEDGER_BACKGROUND_BYTES = 0
    content = xlsx(good_rows(licheng.agency.name, 20))
    web = Client()
    web.force_login(licheng.liaison)
    runs = [web.post("/ledger/import/", {"file": SimpleUploadedFile("台账.xlsx", content)})["Location"] for _ in range(2)]
    outcomes = [followed(web, run) for run in runs]
    assert sum("导入完成：共 20 行，新增 20 行" in page for page in outcomes) == 1
    assert sum("与已有台账相同，未作改动：共 20 行" in page for page in outcomes) == 1
    assert LedgerEntry.objects.count() == 20
    assert ImportRun.objects.filter(stage="done").count() == 2
    from pathlib import Path

    assert not list((Path(settings.MEDIA_ROOT) / "ledger-runs").iterdir())  # each run removed its copy
