"""Document numbers: gap-free and unique, also when many are issued at once."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, transaction

from rongcuo.core.numbers import issue_number


def test_numbers_count_up_per_jurisdiction_kind_and_year(licheng: Any, xixian: Any) -> None:
    with transaction.atomic():
        first = issue_number(jurisdiction=licheng.jurisdiction, kind="decision", year=2025)
        second = issue_number(jurisdiction=licheng.jurisdiction, kind="decision", year=2025)
        other = issue_number(jurisdiction=xixian.jurisdiction, kind="decision", year=2025)
        next_year = issue_number(jurisdiction=licheng.jurisdiction, kind="decision", year=2026)
    assert (first, second, other, next_year) == ("历司容决〔2025〕1号", "历司容决〔2025〕2号", "隰司容决〔2025〕1号", "历司容决〔2026〕1号")


def test_a_unit_that_signs_its_own_decisions_numbers_them_in_its_own_sequence(xixian: Any) -> None:
    with transaction.atomic():
        office = issue_number(jurisdiction=xixian.jurisdiction, kind="decision", year=2025)
        unit = issue_number(jurisdiction=xixian.jurisdiction, kind="decision", year=2025, agency=xixian.agency)
        other = issue_number(jurisdiction=xixian.jurisdiction, kind="decision", year=2025, agency=xixian.other_agency)
        again = issue_number(jurisdiction=xixian.jurisdiction, kind="decision", year=2025, agency=xixian.agency)
    assert (office, unit, other, again) == ("隰司容决〔2025〕1号", "隰市监容决〔2025〕1号", "隰县综合行政执法局容决〔2025〕1号",
                                            "隰市监容决〔2025〕2号")


def test_a_number_is_not_consumed_when_the_document_is_not_saved(licheng: Any) -> None:
    def issue_then_fail() -> None:
        with transaction.atomic():
            issue_number(jurisdiction=licheng.jurisdiction, kind="notice", year=2025)
            raise RuntimeError("saving the document failed")

    with pytest.raises(RuntimeError):
        issue_then_fail()
    with transaction.atomic():
        assert issue_number(jurisdiction=licheng.jurisdiction, kind="notice", year=2025) == "历司容告〔2025〕1号"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_get_unique_gap_free_numbers() -> None:
    from rongcuo.core.models import Jurisdiction

    place = Jurisdiction.objects.create(name="历城区", level="county", rule_packs=["licheng-2025"], number_prefix="历司")
    issued: list[str] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(5):
                with transaction.atomic():
                    issued.append(issue_number(jurisdiction=place, kind="decision", year=2025))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(issued, key=lambda n: int(n.split("〕")[1][:-1])) == [f"历司容决〔2025〕{i}号" for i in range(1, 41)]
