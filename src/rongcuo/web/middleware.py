"""Checks every request meets before a view runs, and the log line every refusal leaves.

- A body larger than the server accepts is refused from its declared length, before it is read
  (413), so a 500 MB upload is never received whole.
- Control characters (NUL and the other C0 characters except tab and line breaks) in the path,
  the query string, a form or a JSON body are refused with a Chinese message (400): PostgreSQL
  cannot store NUL, and nobody types the others.
- Every refused request (401, 403, 404, 405, 413) and every server error leaves one structured
  log line (who, what, answer) on the `rongcuo.access` logger.
API callers get the API's JSON error shape; pages get a short Chinese page.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from rongcuo.api.errors import error_body
from rongcuo.core.logging import logged_path

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
JSON_CONTROL = re.compile(rb"\\u00(?:0[0-8bcefBCEF]|1[0-9a-fA-F]|7[fF])")
CONTROL_MESSAGE = "提交的内容含有不可见的控制字符（如空字符 \\0），请删除后重新提交。"

access_log = logging.getLogger("rongcuo.access")



def refuse(request: HttpRequest, code: str, message: str, status: int) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse(error_body(code, message), status=status)
    return HttpResponse(f"<!doctype html><meta charset=utf-8><title>请求未被接受</title><p>{message}</p>",
                        status=status, content_type="text/html; charset=utf-8")


class CapRequestBody:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return refuse(request, "bad_length", "请求的长度声明无效。", 400)
        multipart = request.META.get("CONTENT_TYPE", "").startswith("multipart/")
        limit = settings.RONGCUO_MAX_UPLOAD_REQUEST if multipart else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if length > limit:
            megabytes = limit // (1024 * 1024)
            return refuse(request, "too_large", f"提交的内容过大：一次最多 {megabytes} MB。", 413)
        return self.get_response(request)


class RejectControlCharacters:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._found(request):
            return refuse(request, "control_characters", CONTROL_MESSAGE, 400)
        return self.get_response(request)

    @staticmethod
    def _found(request: HttpRequest) -> bool:
        if CONTROL.search(request.path) or any(
            CONTROL.search(key) or CONTROL.search(value) for key, values in request.GET.lists() for value in values
        ):
            return True
        if request.method not in ("POST", "PUT", "PATCH"):
            return False
        if request.content_type == "application/json":
            return bool(CONTROL.search(request.body.decode("utf-8", "replace")) or JSON_CONTROL.search(request.body))
        if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return any(CONTROL.search(key) or CONTROL.search(value)
                       for key, values in request.POST.lists() for value in values)
        return False


class LogRefusals:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code in (401, 403, 404, 405, 413) or response.status_code >= 500:
            user = getattr(request, "user", None)
            access_log.warning(
                "refused" if response.status_code < 500 else "server_error",
                extra={"status": response.status_code, "method": request.method, "path": logged_path(request.path),
                       "user": user.get_username() if user is not None and user.is_authenticated else "",
                       "address": request.META.get("REMOTE_ADDR", "")},
            )
        return response
