"""Files the server makes arrive as downloads under their Chinese names."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.test import Client


def test_made_files_download_under_their_chinese_names(licheng: Any) -> None:
    web = Client()
    web.force_login(licheng.handler)
    for url, name in (("/ledger/template/", "台账模板.xlsx"), ("/statistics/export/", "行政执法统计.xlsx"),
                      ("/reports/work/document/", "容错纠错工作情况报告.docx")):
        answer = web.get(url)
        assert answer.status_code == 200, url
        assert answer["Content-Disposition"].startswith("attachment;")
        assert quote(name) in answer["Content-Disposition"], (url, answer["Content-Disposition"])
        assert answer["Content-Type"] in ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                          "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
