"""Okta-looking identifiers, secrets and timestamps.

Okta object ids are 20 characters: a 3-character type prefix (``0oa`` app, ``00g`` group, ``00u``
user, ``aus`` authorization server, ``rst`` access policy, ``00o`` org) and 17 alphanumerics.
"""

from __future__ import annotations

import secrets
import string
from datetime import UTC, datetime

__all__ = [
    "APP_PREFIX",
    "AUTH_SERVER_PREFIX",
    "GROUP_PREFIX",
    "ORG_PREFIX",
    "POLICY_PREFIX",
    "SECRET_PREFIX",
    "USER_PREFIX",
    "new_client_secret",
    "new_error_id",
    "new_id",
    "new_request_id",
    "timestamp",
]

APP_PREFIX = "0oa"
GROUP_PREFIX = "00g"
USER_PREFIX = "00u"
AUTH_SERVER_PREFIX = "aus"
POLICY_PREFIX = "rst"
ORG_PREFIX = "00o"
SECRET_PREFIX = "ocs"

ID_BODY_LENGTH = 17
CLIENT_SECRET_LENGTH = 64
ERROR_ID_LENGTH = 22
REQUEST_ID_LENGTH = 27

_ALNUM = string.ascii_letters + string.digits
# Okta client secrets are URL-safe: letters, digits, '-' and '_'.
_SECRET_ALPHABET = _ALNUM + "-_"


def _random(alphabet: str, length: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def new_id(prefix: str) -> str:
    return prefix + _random(_ALNUM, ID_BODY_LENGTH)


def new_client_secret() -> str:
    return _random(_SECRET_ALPHABET, CLIENT_SECRET_LENGTH)


def new_error_id() -> str:
    return "oae" + _random(_ALNUM, ERROR_ID_LENGTH)


def new_request_id() -> str:
    return _random(_ALNUM, REQUEST_ID_LENGTH)


def timestamp(moment: datetime | None = None) -> str:
    """Okta's timestamp format: UTC, millisecond precision, ``Z`` suffix."""
    value = (moment or datetime.now(UTC)).astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"
