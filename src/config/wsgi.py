"""WSGI entry point for production servers (gunicorn config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Served by gunicorn means production: the settings then refuse to start without a secret key,
# allowed hosts and the record's signing key (docs/operations.md).
os.environ.setdefault("RONGCUO_ENV", "production")
application = get_wsgi_application()

from rongcuo.core.signing import private_key  # noqa: E402  (after Django is set up)

private_key()  # refuse to start without the record's signing key

from rongcuo.complaints.sealing import check_key  # noqa: E402

check_key()  # and without the key that seals reporters' identities
