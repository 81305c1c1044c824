"""Token authentication with an expiry (kept apart from the views: DRF imports it at start-up)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


def lifetime() -> dt.timedelta:
    return dt.timedelta(hours=settings.RONGCUO_TOKEN_HOURS)


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        user, token = super().authenticate_credentials(key)
        if token.created < timezone.now() - lifetime():
            token.delete()
            raise exceptions.AuthenticationFailed("身份令牌已过期，请重新获取（POST /api/auth/token/）。")
        return user, token
