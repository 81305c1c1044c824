"""Refuse NUL bytes in query strings and forms before any view runs: PostgreSQL cannot store them,
and a 500 is never the answer to bad input. API callers get the API's JSON error shape."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

MESSAGE = "提交的内容含有不可见的空字符（\\0），请删除后重新提交。"


class RejectNulBytes:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", "") or self._in_form(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"error": {"code": "control_characters", "message": MESSAGE}}, status=400)
            return HttpResponse(f"<!doctype html><meta charset=utf-8><title>输入有误</title><p>{MESSAGE}</p>",
                                status=400, content_type="text/html; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _in_form(request: HttpRequest) -> bool:
        if request.method != "POST" or request.content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return False
        return any("\x00" in value for values in request.POST.lists() for value in values[1])
