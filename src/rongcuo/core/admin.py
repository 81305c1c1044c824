"""Administration of people, places, roles and the holiday table (the event log is read-only)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path

from rongcuo.core import models
from rongcuo.core.holidays import load_holiday_schedule
from rongcuo.deadlines.schedule import ScheduleError


class RoleInline(admin.TabularInline[models.RoleAssignment, models.User]):
    model = models.RoleAssignment
    extra = 0


@admin.register(models.User)
class RongcuoUserAdmin(UserAdmin[models.User]):
    inlines = (RoleInline,)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Every role granted, changed or withdrawn here goes on the tamper-evident record (stream
        `roles`) with who did it: a role decides who sees cases and who may reveal a reporter."""
        from rongcuo.core.records import stage_event, unit_of_work

        with unit_of_work():
            super().save_formset(request, form, formset, change)
            if formset.model is not models.RoleAssignment:
                return
            actor = request.user if request.user.is_authenticated else None
            changes = [("role_grant", "授予", a) for a in formset.new_objects]
            changes += [("role_change", "变更", a) for a, _ in formset.changed_objects]
            changes += [("role_withdraw", "撤销", a) for a in formset.deleted_objects]
            for action, verb, assignment in changes:
                where = assignment.jurisdiction or assignment.agency
                stage_event(stream="roles", actor=actor, action=action,
                            summary=f"{verb} {assignment.user.username} 的角色：{assignment.get_role_display()}"
                                    f"{f'（{where}）' if where else ''}"[:200],
                            after={"user": assignment.user_id, "role": assignment.role,
                                   "jurisdiction": assignment.jurisdiction_id, "agency": assignment.agency_id})


admin.site.register(models.Jurisdiction)
admin.site.register(models.Agency)
admin.site.register(models.Officer)
admin.site.register(models.HolidayOverride)


class ScheduleForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100)
    notice = forms.CharField(label="通知原文（每个节日一行）", widget=forms.Textarea(attrs={"rows": 10, "cols": 90}),
                             max_length=5000,
                             help_text="从国务院办公厅通知中复制，如：二、春节：2月15日至23日放假调休，共9天。2月14日、2月28日上班。")


@admin.register(models.HolidayYear)
class HolidayYearAdmin(admin.ModelAdmin[models.HolidayYear]):
    change_list_template = "admin/core/holidayyear/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        extra = [path("load/", self.admin_site.admin_view(self.load_view), name="core_holidayyear_load")]
        return extra + super().get_urls()

    def load_view(self, request: HttpRequest) -> HttpResponse:
        """按国务院通知录入全年节假日安排: validated line by line, all or nothing."""
        if not self.has_add_permission(request):
            raise PermissionDenied("无权录入节假日安排。")
        form = ScheduleForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                days = load_holiday_schedule(actor=request.user, year=form.cleaned_data["year"],  # type: ignore[arg-type]
                                             text=form.cleaned_data["notice"])
            except ScheduleError as error:
                form.add_error("notice", str(error))
            else:
                messages.success(request, f"已录入{form.cleaned_data['year']}年节假日安排，共 {len(days)} 天。")
                return redirect("admin:core_holidayyear_changelist")
        context = {**self.admin_site.each_context(request), "form": form, "title": "按国务院通知录入全年节假日安排",
                   "opts": self.model._meta}
        return render(request, "admin/core/holidayyear/load.html", context)


@admin.register(models.Event)
class EventAdmin(admin.ModelAdmin[models.Event]):
    list_display = ("stream", "sequence", "at", "actor_name", "summary")
    list_filter = ("action",)

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
