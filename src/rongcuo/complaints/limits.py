"""Every limit on what a reporter or the office types about a complaint, declared once: the
models' column sizes, the forms' maxlength and the services' checks all read these."""

from __future__ import annotations

TEXT_MAX = 5000  # 举报内容
NOTE_MAX = 2000  # 补充材料、反馈、说明、理由
SHORT_MAX = 200  # 被举报人、去向、范围、方式
TICKET_MAX = 40  # 12345 工单号
NAME_MAX = 50
ID_NUMBER_MAX = 18
PHONE_MAX = 20
ADDRESS_MAX = 200
ATTACHMENTS_MAX = 5  # files a reporter may attach at once
ATTACHMENT_BYTES_MAX = 10 * 1024 * 1024
RECEIPT_DIGITS = 16
