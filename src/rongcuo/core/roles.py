"""Roles (角色) in the procedure; names are the contract between services, API and pages."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    HANDLER = "handler", "承办人（行政执法监督机构）"
    INVESTIGATOR = "investigator", "调查人员"
    HEAD = "head", "负责人"
    LIAISON = "liaison", "执法机关联络员"
    OFFICER = "officer", "执法人员"
    DISCIPLINE = "discipline", "纪检监察"
    # 举报人身份保管人: approves (never makes) a request to see a sealed reporter's identity
    CUSTODIAN = "custodian", "举报人身份保管人"
    ADMIN = "admin", "系统管理员"


OFFICE_ROLES = frozenset({Role.HANDLER, Role.INVESTIGATOR, Role.HEAD, Role.ADMIN})
