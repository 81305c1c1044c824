"""Sign-in and sign-out; lockout after repeated failures is django-axes (settings.AXES_*)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from rongcuo.core.models import User


class LoginForm(AuthenticationForm):
    error_messages = {  # noqa: RUF012 - Django's own attribute, overridden as Django documents
        "invalid_login": "用户名或密码不正确。连续 5 次错误后账号将锁定 30 分钟。",
        "inactive": "该账号已停用，请联系系统管理员。",
    }

    def clean_username(self) -> str:
        """A name longer than any account's is not looked up (the lockout table would refuse it)."""
        username: str = self.cleaned_data["username"]
        limit = User._meta.get_field("username").max_length or 150
        if len(username) > limit:
            raise forms.ValidationError(f"用户名不超过 {limit} 个字符。")
        return username


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def logout(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth import logout as do_logout

    if request.method == "POST":
        do_logout(request)
        return redirect("web:login")
    return render(request, "web/logout_confirm.html")


def home(request: HttpRequest) -> HttpResponse:
    """The start page: signed-in users go to their workbench; others see the public entry points."""
    return render(request, "web/home.html")
