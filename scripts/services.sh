#!/usr/bin/env bash
# Make sure what the tests need outside Python is there: a running PostgreSQL, and Chromium for
# the browser tests (Debian packages; installed only when missing and we may install).
set -uo pipefail
if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
    sleep 2
  fi
fi
# Chromium for the browser tests, and a Chinese font so screenshots show text rather than boxes.
if [ "${RONGCUO_SKIP_BROWSER_INSTALL:-0}" != "1" ] \
   && { ! command -v chromium >/dev/null 2>&1 || [ ! -d /usr/share/fonts/truetype/wqy ]; }; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null) \
      || echo "services.sh: 无法安装 Chromium；浏览器测试将跳过 (could not install chromium)" >&2
  fi
fi
# LibreOffice for the documents' PDFs, Chinese fonts for them, and poppler to look at their pages.
if [ "${RONGCUO_SKIP_LIBREOFFICE_INSTALL:-0}" != "1" ] \
   && { ! command -v soffice >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1 \
        || [ ! -d /usr/share/fonts/opentype/noto ]; }; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        libreoffice-writer-nogui fonts-noto-cjk poppler-utils >/dev/null) \
      || echo "services.sh: 无法安装 LibreOffice；PDF 测试将跳过 (could not install libreoffice)" >&2
  fi
fi
exit 0
