"""Search collected text for a secret in every form it could leak in: plain, URL-encoded, JSON, hex, base64.

Base64 is searched at all three byte alignments (a secret inside a longer encoded string, such as an
``Authorization`` header or a pickled blob, starts at any offset): for each alignment only the characters
that depend on the secret's bytes alone are searched, so a hit is a real hit.
"""

from __future__ import annotations

import base64
import json
import logging
import pickle
import traceback
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import quote, quote_plus

from components.portal.okta_settings import SECRET_OUTPUTS

__all__ = [
    "API_KEY",
    "ECHO_422",
    "KEY_ECHO",
    "NEEDLES_WITH_KEY",
    "PUT_ECHO",
    "SECRET_A",
    "SECRET_B",
    "Evidence",
    "Needle",
    "needles",
]

_FORMATTER = logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s | %(args)r")


@dataclass(frozen=True)
class Needle:
    name: str
    text: str


def _base64_cores(value: bytes) -> list[tuple[str, str]]:
    cores: list[tuple[str, str]] = []
    for offset in range(3):
        data = b"\0" * offset + value
        encoded = base64.b64encode(data).decode("ascii")
        start, end = -(-8 * offset // 6), 8 * len(data) // 6
        core = encoded[start:end]
        cores.append((f"base64@{offset}", core))
        cores.append((f"urlsafe-base64@{offset}", core.replace("+", "-").replace("/", "_")))
    return cores


def needles(label: str, value: str) -> list[Needle]:
    """Every searched form of ``value``; duplicates collapse (most forms of a plain token coincide)."""
    raw = value.encode("utf-8")
    forms = [
        ("plain", value),
        ("url-encoded", quote(value, safe="")),
        ("form-encoded", quote_plus(value)),
        ("json", json.dumps(value)[1:-1]),
        ("hex", raw.hex()),
        *_base64_cores(raw),
    ]
    seen: dict[str, Needle] = {}
    for form, text in forms:
        seen.setdefault(text, Needle(f"{label} ({form})", text))
    return list(seen.values())


@dataclass
class Evidence:
    """Everything collected from a run, by place, to be searched once at the end."""

    places: list[tuple[str, str]] = field(default_factory=list)

    def add(self, place: str, content: str | bytes) -> None:
        text = content.decode("latin-1") if isinstance(content, bytes) else content
        self.places.append((place, text))

    def exception(self, place: str, exc: BaseException) -> None:
        self.add(f"{place}: str", str(exc))
        self.add(f"{place}: repr", repr(exc))
        self.add(f"{place}: traceback", "".join(traceback.format_exception(exc)))
        self.add(f"{place}: pickle", pickle.dumps(exc))
        cause = exc.__cause__
        while cause is not None:
            self.add(f"{place}: cause {type(cause).__name__}", f"{cause}\n{cause!r}")
            cause = cause.__cause__

    def outputs(self, place: str, outs: Mapping[str, Any]) -> None:
        """Outputs minus the fields allowed to hold the secret: those the resource marks secret."""
        rest = {name: value for name, value in outs.items() if name not in SECRET_OUTPUTS}
        self.add(f"{place} (all but {SECRET_OUTPUTS})", json.dumps(rest, default=repr, sort_keys=True))

    def records(self, place: str, records: Iterable[logging.LogRecord]) -> int:
        count = 0
        for record in records:
            self.add(f"{place}: {record.name}", _FORMATTER.format(record))
            count += 1
        return count

    def hits(self, searched: Iterable[Needle]) -> list[str]:
        return [
            f"{needle.name} in {place}"
            for needle in searched
            for place, text in self.places
            if needle.text in text
        ]


# -- the recognisable values the scans look for --------------------------------------------------------

SECRET_A: Final = "SECRET-c0ffee-5e1f+/=&?%-a11ce"
SECRET_B: Final = "SECRET-c0ffee-b0b+/=&?%-2nd"
API_KEY: Final = "APIKEY-deadbeef-+/=&?%-f00d"
"""Characters that URL, form and base64 encoding all change, so every searched form is distinct."""
NEEDLES_WITH_KEY: Final = [
    *needles("client secret", SECRET_A),
    *needles("rotated secret", SECRET_B),
    *needles("API key", API_KEY),
]
KEY_ECHO: Final = f"rejected key {API_KEY}"
PUT_ECHO: Final = f"rejected key {API_KEY} with client_secret {SECRET_B}"
"""Server messages that repeat what the request carried: the client must redact them before they enter an
error (a GET or DELETE carries only the key; the PUT of an update also carries the rotated secret)."""
ECHO_422: Final = json.dumps(
    {
        "error": {
            "code": "validation_failed",
            "message": PUT_ECHO,
            "fields": {"client_secret": PUT_ECHO, SECRET_B: PUT_ECHO},
        }
    }
)
