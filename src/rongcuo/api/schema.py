"""OpenAPI post-processing: every operation documents the error answers it can give, in the one
error shape (api.errors), so a client knows every status code it may meet."""

from __future__ import annotations

from typing import Any

ERRORS = {
    "400": "输入有误（字段、格式、控制字符），内容见 error.message",
    "401": "未登录或身份令牌无效、已过期",
    "403": "无权办理此事项",
    "404": "对象不存在或无权查看",
    "405": "不支持该请求方法",
    "409": "程序不允许（环节、状态或缺少的材料），见 error.message",
    "413": "提交的内容过大",
    "414": "请求地址过长（由服务器在应用之前答复）",
    "415": "不支持的请求内容类型",
}
ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
        "code": {"type": "string"}, "message": {"type": "string"}, "fields": {}, "details": {}}}},
}


def document_errors(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                if code == "401" and not operation.get("security", True):
                    continue
                responses.setdefault(code, {"description": description, "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
    return result
