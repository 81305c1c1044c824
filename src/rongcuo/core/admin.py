"""Administration of people, places, roles and the holiday table (the event log is read-only)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from rongcuo.core import models


class RoleInline(admin.TabularInline[models.RoleAssignment, models.User]):
    model = models.RoleAssignment
    extra = 0


@admin.register(models.User)
class RongcuoUserAdmin(UserAdmin[models.User]):
    inlines = (RoleInline,)


admin.site.register(models.Jurisdiction)
admin.site.register(models.Agency)
admin.site.register(models.Officer)
admin.site.register(models.HolidayOverride)
admin.site.register(models.HolidayYear)


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
