"""API tokens that expire and are revoked when they should be.

A token lasts RONGCUO_TOKEN_HOURS (default 8, one working day) from when it was issued; asking for
a token again after that issues a new one. A token is revoked (deleted) when its account is locked
out after failed sign-ins, deactivated, given a new password, or its roles change: whoever held it
must sign in again under the new conditions.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from rongcuo.api.authentication import lifetime
from rongcuo.core.models import RoleAssignment


class TokenInput(AuthTokenSerializer):
    """The sign-in pair, checked against the account columns before anything is looked up (a name
    longer than any account's goes no further: the lockout table would refuse it)."""

    username = serializers.CharField(label="用户名", max_length=150, write_only=True)
    password = serializers.CharField(label="密码", max_length=128, write_only=True, trim_whitespace=False,
                                     style={"input_type": "password"})


class TokenOutput(serializers.Serializer[dict[str, Any]]):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()


class ObtainToken(APIView):
    """用户名和密码换取身份令牌；令牌在有效期内重复获取得到同一个，过期后得到新的。"""

    permission_classes = (AllowAny,)
    authentication_classes = ()

    @extend_schema(summary="获取身份令牌", request=TokenInput,
                   responses={200: TokenOutput, 400: OpenApiResponse(description="用户名或密码错误")})
    def post(self, request: Request) -> Response:
        form = TokenInput(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        user = form.validated_data["user"]
        token = Token.objects.filter(user=user).first()
        if token is not None and token.created < timezone.now() - lifetime():
            token.delete()
            token = None
        if token is None:
            token = Token.objects.create(user=user)
        return Response({"token": token.key, "expires_at": token.created + lifetime()})


def revoke_tokens(user_id: int | None) -> None:
    if user_id is not None:
        Token.objects.filter(user_id=user_id).delete()


@receiver([post_save, post_delete], sender=RoleAssignment, dispatch_uid="rongcuo.api.revoke_on_role_change")
def _role_changed(sender: type[RoleAssignment], instance: RoleAssignment, raw: bool = False, **_: Any) -> None:
    if not raw:  # a restore (loaddata) is not a change of role
        revoke_tokens(instance.user_id)


@receiver(post_save, sender=get_user_model(), dispatch_uid="rongcuo.api.revoke_on_account_change")
def _account_changed(sender: Any, instance: Any, created: bool = False, update_fields: Any = None, raw: bool = False,
                     **_: Any) -> None:
    if raw or created or (update_fields is not None and set(update_fields) <= {"last_login"}):
        return
    previous = getattr(instance, "_rongcuo_loaded", None)
    if previous is None or previous != (instance.password, instance.is_active):
        revoke_tokens(instance.pk)


def _remember_account(sender: Any, instance: Any, **_: Any) -> None:
    instance._rongcuo_loaded = (instance.password, instance.is_active)


def connect_lockout() -> None:
    """Revoke on lockout (django-axes signal), and note each account's password and status as
    loaded, so a save that changes neither keeps the token."""
    from axes.signals import user_locked_out
    from django.db.models.signals import post_init

    post_init.connect(_remember_account, sender=get_user_model(), dispatch_uid="rongcuo.api.remember_account")

    def locked_out(sender: Any, request: Any = None, username: str | None = None, **_: Any) -> None:
        if username:
            Token.objects.filter(user__username=username).delete()

    user_locked_out.connect(locked_out, dispatch_uid="rongcuo.api.revoke_on_lockout", weak=False)
