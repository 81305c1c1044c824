"""Who a request comes from, for per-client limits: the connection's address, or, when that is a
reverse proxy the operator trusts (RONGCUO_TRUSTED_PROXIES), the nearest address it forwarded that
is not one of its own. X-Forwarded-For from anyone else is ignored, so it cannot be forged."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    remote = str(request.META.get("REMOTE_ADDR", ""))
    trusted = set(getattr(settings, "RONGCUO_TRUSTED_PROXIES", ()))
    if remote not in trusted:
        return remote
    forwarded = [part.strip() for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if part.strip()]
    for address in reversed(forwarded):
        if address not in trusted:
            return address[:64]
    return remote
