"""Files the record relies on (evidence, issued documents), stored under their SHA-256.

A file's name is its digest (`evidence/ab/ab12…​.pdf`), the event that brought it carries the same
digest, and `audit verify` re-hashes it. A file is checked by its content before it is kept: the
office accepts documents, images, audio and video from 执法记录仪, and archives, never programs.
The file is written (to a temporary name, then renamed) before the database row, and removed again
if the row is not written, so a failed or refused upload leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import filetype
from django.conf import settings

from rongcuo.core.errors import RefusedInput

MAX_UPLOAD_BYTES = 20 * 1024 * 1024

# What an office keeps as evidence, by detected type; the label is what a user is told.
ACCEPTED = {
    "pdf": "PDF", "jpg": "图片", "png": "图片", "gif": "图片", "tif": "图片", "bmp": "图片", "webp": "图片",
    "heic": "图片", "docx": "Word 文档", "doc": "Word 文档", "xlsx": "Excel 表格", "xls": "Excel 表格",
    "pptx": "演示文稿", "ppt": "演示文稿", "odt": "文档", "ods": "表格", "zip": "压缩包", "rar": "压缩包",
    "7z": "压缩包", "gz": "压缩包", "mp3": "录音", "m4a": "录音", "wav": "录音", "amr": "录音", "mp4": "视频",
    "mov": "视频", "avi": "视频", "ofd": "OFD 版式文件", "txt": "文本",
}
# Office containers filetype reports by their container format.
CONTAINERS = {"zip": {"docx", "xlsx", "pptx", "odt", "ods", "ofd", "zip"}, "doc": {"doc", "xls", "ppt", "wps", "et"}}
ACCEPTED_LIST = "PDF、OFD、Word、Excel、演示文稿、图片、录音、视频、压缩包和纯文本"


@dataclass(frozen=True)
class Stored:
    name: str
    sha256: str
    created: bool  # this call wrote the file (and so may remove it if the row is not kept)


def _head(upload: Any) -> bytes:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    return bytes(head)


def detected_kind(upload: Any, filename: str) -> str | None:
    """The accepted kind the content shows, or None. Plain text has no signature: it is accepted
    when it decodes as UTF-8 or GB18030 and the name says .txt."""
    head = _head(upload)
    kind = filetype.guess_extension(head)
    extension = Path(filename).suffix.lower().lstrip(".")
    if kind is None:
        if extension in ("txt", "csv") and b"\0" not in head:
            for encoding in ("utf-8", "gb18030"):
                try:
                    head.decode(encoding)
                    return "txt"
                except UnicodeDecodeError:
                    continue
        return None
    if kind in CONTAINERS and extension in CONTAINERS[kind]:
        return extension
    return kind if kind in ACCEPTED else None


def check_upload(upload: Any, what: str) -> str:
    size = getattr(upload, "size", 0) or 0
    if size == 0:
        raise RefusedInput("empty_file", f"{what}是空文件。")
    if size > MAX_UPLOAD_BYTES:
        raise RefusedInput("file_too_large", f"单个{what}不得超过 {MAX_UPLOAD_BYTES // 1024 // 1024} MB。")
    kind = detected_kind(upload, getattr(upload, "name", "") or "")
    if kind is None:
        raise RefusedInput("file_type", f"{what}的格式不被接受：只接受 {ACCEPTED_LIST}。")
    return kind


def store(upload: Any, folder: str, kind: str) -> Stored:
    """Write the upload under its digest in MEDIA_ROOT/folder; a file with that digest is kept."""
    digest = hashlib.sha256()
    root = Path(settings.MEDIA_ROOT)
    (root / folder).mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=root / folder, prefix=".upload-")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            upload.seek(0)
            for chunk in upload.chunks():
                digest.update(chunk)
                handle.write(chunk)
        hexdigest = digest.hexdigest()
        name = f"{folder}/{hexdigest[:2]}/{hexdigest}.{kind}"
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            os.unlink(temporary)
            return Stored(name, hexdigest, created=False)
        os.replace(temporary, target)
        return Stored(name, hexdigest, created=True)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def discard(stored: Stored) -> None:
    """Remove a file this request wrote when its row was not kept."""
    if stored.created:
        (Path(settings.MEDIA_ROOT) / stored.name).unlink(missing_ok=True)


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
