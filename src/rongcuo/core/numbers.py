"""Document numbers (文号) per jurisdiction, kind and year: 历司容决〔2025〕3号.

The counter row is locked (SELECT ... FOR UPDATE) in the caller's transaction, and the number is
only consumed if the document is saved in that same transaction: no gaps, no duplicates.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from rongcuo.core.models import Agency, DocumentCounter, Jurisdiction

# Keys fit DocumentCounter.kind (10 characters).
KINDS = {
    "filing": "容立",  # 立案
    "decision": "容决",  # 认定决定
    "notice": "容告",  # 告知
    "opinion": "监意",  # 行政执法监督意见书
    "review": "容复",  # 复核决定
    "reply": "容复函",  # 不予受理答复
    "clarify": "容澄",  # 澄清正名通知（信访举报）
}


def issue_number(*, jurisdiction: Jurisdiction, kind: str, year: int, agency: Agency | None = None) -> str:
    """The next number of the jurisdiction's sequence, or of the agency's own where the agency signs
    (隰县制度第十四条: the officer's unit decides, under its own 文号)."""
    if kind not in KINDS:
        raise ValueError(f"未知的文书种类：{kind}")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("文号必须在保存文书的同一事务中取得")
    for _attempt in range(3):
        try:
            with transaction.atomic():
                counter, _ = DocumentCounter.objects.select_for_update().get_or_create(
                    jurisdiction=jurisdiction, agency=agency, kind=kind, year=year
                )
                break
        except IntegrityError:  # two first numbers of a year at once: the loser retries
            continue
    counter.last += 1
    counter.save(update_fields=["last"])
    if agency is not None:
        prefix = agency.number_prefix or agency.name
    else:
        prefix = jurisdiction.number_prefix or jurisdiction.name[:2]
    return f"{prefix}{KINDS[kind]}〔{year}〕{counter.last}号"
