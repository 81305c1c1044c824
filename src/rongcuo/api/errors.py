"""Every API error is JSON `{"error": {"code": "...", "message": "中文说明", "fields": {...}}}`.

Codes are stable (clients branch on them); messages are Chinese for the person reading them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from rongcuo.rules.errors import RulesError

_DEFAULT_MESSAGES = {
    "not_authenticated": "请先登录（未提供有效的身份凭证）。",
    "authentication_failed": "身份验证失败。",
    "permission_denied": "您无权执行此操作。",
    "not_found": "所请求的对象不存在或您无权查看。",
    "method_not_allowed": "不支持该请求方法。",
    "throttled": "请求过于频繁，请稍后再试。",
    "parse_error": "请求内容格式错误（应为 JSON）。",
    "unsupported_media_type": "不支持的请求内容类型。",
}


def error_body(code: str, message: str, fields: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return {"error": body}


def error_response(code: str, message: str, http_status: int, fields: Any = None) -> Response:
    return Response(error_body(code, message, fields), status=http_status)


def _first_message(detail: Any) -> str:
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    if isinstance(detail, dict) and detail:
        key, value = next(iter(detail.items()))
        inner = _first_message(value)
        # a field's identifier is not shown to a reader (the structured detail keeps it for programs)
        return inner if str(key).isascii() else f"{key}：{inner}"  # non_field_errors included
    return str(detail)


def handle_exception(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF exception handler: domain errors, validation errors and HTTP errors in one JSON shape."""
    code = getattr(exc, "code", None)
    if isinstance(exc, RulesError):
        return error_response("invalid_facts", str(exc), status.HTTP_400_BAD_REQUEST)
    if code is not None and hasattr(exc, "message") and not isinstance(exc, exceptions.APIException):
        # A domain error of the procedure layer: ProcedureError(code, message, [http_status]).
        http_status = getattr(exc, "http_status", status.HTTP_409_CONFLICT)
        return error_response(str(code), str(exc.message), http_status, getattr(exc, "details", None))
    if isinstance(exc, RecursionError):  # JSON nested deeper than the parser can follow
        return error_response("parse_error", _DEFAULT_MESSAGES["parse_error"], status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, exceptions.ParseError):  # its detail is the parser's English words
        exc = exceptions.ParseError(_DEFAULT_MESSAGES["parse_error"])
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.ValidationError):
        return error_response(
            "invalid", f"输入有误：{_first_message(exc.detail)}", response.status_code, exc.detail
        )
    default_code = exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code
    code_text = str(default_code)
    message = str(exc.detail) if not isinstance(exc.detail, list | dict) else _first_message(exc.detail)
    if message == str(exc.default_detail):
        message = _DEFAULT_MESSAGES.get(code_text, message)
    result = error_response(code_text, message, response.status_code)
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            result[header] = response[header]
    return result
