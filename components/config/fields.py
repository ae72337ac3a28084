"""Validators for single config values; each raises ``ValueError`` with a message a person can act on.

They are plain functions so the same rule serves the pydantic models, the portal provider's ``check``
and the property-based tests, and a rule is changed in exactly one place.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

__all__ = [
    "MAX_PARTNER_IDENTIFIER_LENGTH",
    "check_api_key",
    "check_app_label",
    "check_authorization_server",
    "check_client_id",
    "check_group_name",
    "check_okta_domain",
    "check_partner_identifier",
    "check_portal_api_url",
    "is_loopback_host",
]

MAX_PARTNER_IDENTIFIER_LENGTH = 128
MAX_APP_LABEL_LENGTH = 100
MAX_GROUP_NAME_LENGTH = 255
MAX_SERVER_NAME_LENGTH = 128
MAX_HOST_LENGTH = 253
MAX_CLIENT_ID_LENGTH = 100
MIN_HOST_LABELS = 2

# RFC 3986 "unreserved" characters: the only ones that stand in a path segment without encoding.
_PATH_SEGMENT_SAFE = re.compile(r"[A-Za-z0-9._~-]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Okta authorization server names: letters, digits, spaces and a little punctuation.
_SERVER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._-]*")
_DNS_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")
_UNSAFE_NAMES = {
    "/": "'/'",
    "\\": "'\\'",
    "?": "'?'",
    "#": "'#'",
    "%": "'%'",
}


def check_partner_identifier(value: str) -> str:
    """The identifier becomes a path segment of the redirect URI and of portal API paths."""
    if not value:
        raise ValueError("must not be empty")
    if len(value) > MAX_PARTNER_IDENTIFIER_LENGTH:
        raise ValueError(f"must be at most {MAX_PARTNER_IDENTIFIER_LENGTH} characters (got {len(value)})")
    if ".." in value or value == ".":
        raise ValueError("must not be '.' or contain '..' (path traversal)")
    if not _PATH_SEGMENT_SAFE.fullmatch(value):
        raise ValueError(
            f"must be safe in a URL path segment: only letters, digits and '-', '.', '_', '~' "
            f"(found {_describe_unsafe(value)})"
        )
    return value


def _describe_unsafe(value: str) -> str:
    for char in value:
        if _PATH_SEGMENT_SAFE.fullmatch(char):
            continue
        if char in _UNSAFE_NAMES:
            return _UNSAFE_NAMES[char]
        if char.isspace():
            return "whitespace"
        if _CONTROL.match(char):
            return "a control character"
        return f"{char!r}"
    return "an unsafe character"  # pragma: no cover - only reached when the regex and loop disagree


def check_app_label(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    if len(value) > MAX_APP_LABEL_LENGTH:
        raise ValueError(f"must be at most {MAX_APP_LABEL_LENGTH} characters (got {len(value)})")
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters")
    return value


def check_group_name(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    if value != value.strip():
        raise ValueError("must not start or end with whitespace (Okta matches names exactly)")
    if len(value) > MAX_GROUP_NAME_LENGTH:
        raise ValueError(f"must be at most {MAX_GROUP_NAME_LENGTH} characters (got {len(value)})")
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters")
    return value


def check_authorization_server(value: str) -> str:
    """``org``, ``default`` or the name of a custom authorization server."""
    if not value:
        raise ValueError("must not be empty: use 'org', 'default' or a custom authorization server name")
    if len(value) > MAX_SERVER_NAME_LENGTH:
        raise ValueError(f"must be at most {MAX_SERVER_NAME_LENGTH} characters (got {len(value)})")
    if value != value.strip() or not _SERVER_NAME.fullmatch(value):
        raise ValueError(
            "must be 'org', 'default' or a server name made of letters, digits, spaces, '.', '_' and '-' "
            "that starts with a letter or digit"
        )
    return value


def check_client_id(value: str) -> str:
    """Okta client ids are short tokens; anything with spaces is a copy-paste accident."""
    if not value:
        raise ValueError("must not be empty")
    if len(value) > MAX_CLIENT_ID_LENGTH or not _PATH_SEGMENT_SAFE.fullmatch(value):
        raise ValueError(
            f"must be an Okta client id: up to {MAX_CLIENT_ID_LENGTH} letters, digits, '-', '.', '_'"
        )
    return value


def check_okta_domain(value: str) -> str:
    """A bare host name: the issuer and base URL are built as ``https://{host}/...``."""
    if "://" in value:
        raise ValueError("must be a host name without a scheme (drop 'https://')")
    if "/" in value:
        raise ValueError("must be a host name without a path")
    if ":" in value:
        raise ValueError("must be a host name without a port")
    host = value.rstrip(".")
    labels = host.split(".")
    well_formed = all(_DNS_LABEL.fullmatch(label) for label in labels)
    if len(host) > MAX_HOST_LENGTH or len(labels) < MIN_HOST_LABELS or not well_formed:
        raise ValueError("must be a DNS host name such as 'acme.okta.com' or 'login.acme.com'")
    return host.lower()


def is_loopback_host(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_api_key(value: str) -> str:
    """The key travels in an HTTP header: printable ASCII, nothing a paste could have dragged along."""
    if not value.strip():
        raise ValueError("must not be empty")
    if any(c.isspace() for c in value):
        raise ValueError("must not contain whitespace (check for a stray newline when it was pasted)")
    if not (value.isascii() and value.isprintable()):
        raise ValueError("must be printable ASCII (check for a stray control or non-ASCII character)")
    return value


def _check_url_host(host: str) -> None:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        labels = host.rstrip(".").split(".")
        if all(label.isdigit() for label in labels):
            raise ValueError(f"has an invalid IP address {host!r} as its host") from None
        if host != "localhost" and not all(_DNS_LABEL.fullmatch(label) for label in labels):
            raise ValueError(f"has an invalid host name {host!r}") from None


def check_portal_api_url(value: str) -> str:
    """``https://`` always; plain ``http://`` only to a loopback host (the local sandbox)."""
    if any(c.isspace() or _CONTROL.match(c) for c in value):
        raise ValueError("must not contain whitespace or control characters")
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"is not a valid URL ({exc})") from None
    host = parts.hostname or ""
    if parts.scheme not in ("https", "http") or not host:
        raise ValueError(
            "must be an absolute https:// URL such as 'https://partner-api.nordlayer.com/msp/v1'"
        )
    _check_url_host(host)
    if parts.scheme == "http" and not is_loopback_host(host):
        raise ValueError("must use https:// (plain http:// is allowed only for loopback hosts)")
    if parts.username or parts.password:
        raise ValueError("must not carry credentials; set portalApiKey instead")
    if parts.query or parts.fragment:
        raise ValueError("must not have a query string or fragment")
    if port == 0:
        raise ValueError("must not use port 0")
    return value.rstrip("/")
