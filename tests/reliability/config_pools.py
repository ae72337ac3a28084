"""Value pools for the stack-config property test: per field, a *valid*, a *broken* and a *maybe* strategy.

Valid values must be accepted and broken ones rejected (by construction, not by re-running the rules);
*maybe* values come from a wide alphabet - '/', '..', '%', whitespace, control characters, any unicode,
long strings - and may go either way. Keeping the pools apart from the structure that assembles them
(``config_strategies``) keeps each module readable.
"""

from __future__ import annotations

import string
from typing import Any, Final, NamedTuple

from hypothesis import strategies as st

__all__ = [
    "API_KEYS",
    "APP_LABELS",
    "BAD_GROUP",
    "BOOLS",
    "CLIENT_IDS",
    "DOMAINS",
    "GROUP_NAME",
    "IDENTIFIERS",
    "MODES",
    "NOT_STR",
    "SAFE",
    "SECRETS",
    "SERVERS",
    "URLS",
    "WIDE",
    "Pool",
]

SAFE: Final = string.ascii_letters + string.digits + "-._~"


class Pool(NamedTuple):
    valid: st.SearchStrategy[Any]
    broken: st.SearchStrategy[Any]
    maybe: st.SearchStrategy[Any]


def _spliced(base: st.SearchStrategy[str], chars: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """``base`` with one character from ``chars`` inserted somewhere (start, middle or end)."""
    return st.tuples(base, chars, st.integers(0, 200)).map(lambda t: t[0][: t[2]] + t[1] + t[0][t[2] :])


WIDE: Final = st.text(max_size=40)
NOT_STR: Final = st.one_of(
    st.integers(), st.floats(allow_nan=False), st.booleans(), st.lists(st.integers(), max_size=2)
)
_CONTROL = st.sampled_from([chr(c) for c in (*range(0x20), 0x7F)])
_ODD_SPACE = st.sampled_from([" ", "\t", "\n", "\r", "\xa0", "\x85", "\u2028", "\u3000"])
_PRINTABLE = st.characters(exclude_categories=("Cc", "Cs"))

_safe_id = st.text(SAFE, min_size=1, max_size=40).filter(lambda s: ".." not in s and s != ".")
IDENTIFIERS: Final = Pool(
    _safe_id,
    st.one_of(
        st.sampled_from(["", ".", ".."]),
        st.text(SAFE, min_size=129, max_size=200),
        st.tuples(_safe_id, _safe_id).map(lambda t: f"{t[0]}..{t[1]}"),
        _spliced(_safe_id, st.characters(exclude_characters=SAFE)),
        _spliced(_safe_id, st.sampled_from(["/", "%2F", "%", "..", "\\", "?", "#", " ", "\n", "\x00"])),
        NOT_STR,
    ),
    WIDE,
)

_label = st.text(_PRINTABLE, min_size=1, max_size=60).filter(lambda s: bool(s.strip()))
APP_LABELS: Final = Pool(
    _label,
    st.one_of(st.sampled_from(["", "   ", "\t"]), st.just("x" * 101), _spliced(_label, _CONTROL), NOT_STR),
    st.text(max_size=120),
)

GROUP_NAME: Final = st.text(_PRINTABLE, min_size=1, max_size=30).filter(lambda s: s == s.strip() and bool(s))
BAD_GROUP: Final = st.one_of(
    st.sampled_from(["", " lead", "trail ", "x" * 256]), _spliced(GROUP_NAME, _CONTROL), st.integers()
)

SERVERS: Final = Pool(
    st.one_of(
        st.sampled_from(["org", "default"]),
        st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 ._-]{0,30}[A-Za-z0-9]", fullmatch=True),
    ),
    st.one_of(st.sampled_from(["", " org", "org ", "a/b", "-x", "x" * 129, "a\tb", "%2F"]), NOT_STR),
    WIDE,
)
BOOLS: Final = Pool(st.booleans(), st.sampled_from(["true", "false", 1, 0, None, "yes"]), st.nothing())
MODES: Final = Pool(
    st.sampled_from(["authoritative", "additive"]), st.sampled_from(["Additive", "", 1, None]), WIDE
)
CLIENT_IDS: Final = Pool(
    st.text(SAFE, min_size=1, max_size=100), st.sampled_from(["", "a b", "x/y", "x" * 101, 7]), WIDE
)
SECRETS: Final = Pool(WIDE.filter(lambda s: bool(s.strip())), st.sampled_from(["", "  ", 5]), st.nothing())

_dns_label = st.from_regex(r"[a-z][a-z0-9-]{0,8}[a-z0-9]", fullmatch=True)
_hosts = st.lists(_dns_label, min_size=2, max_size=4).map(".".join)
_ports = st.one_of(st.just(""), st.integers(1, 65535).map(lambda p: f":{p}"))
_paths = st.sampled_from(["", "/", "/msp/v1", "/msp/v1/"])
_loopbacks = st.sampled_from(["127.0.0.1", "localhost", "[::1]", "127.8.9.10", "LOCALHOST"])
_https = st.builds("https://{}{}{}".format, _hosts, _ports, _paths)
URLS: Final = Pool(
    st.one_of(_https, st.builds("http://{}{}{}".format, _loopbacks, _ports, _paths)),
    st.one_of(
        st.builds("{}://{}".format, st.sampled_from(["ftp", "ws", "file", "gopher", ""]), _hosts),
        st.builds("http://{}{}".format, _hosts, _paths),
        st.builds("https://user:pw@{}".format, _hosts),
        st.builds("{}{}".format, _https, st.sampled_from(["?a=1", "#frag"])),
        st.builds("https://{}{}".format, _hosts, st.sampled_from([":0", ":65536", ":99999", ":abc"])),
        st.sampled_from(["https://", "https:///msp/v1", "partner-api.nordlayer.com/msp/v1", ""]),
        NOT_STR,
    ),
    st.one_of(
        WIDE,
        st.builds("https://{}".format, WIDE),
        _spliced(_https, st.one_of(_CONTROL, _ODD_SPACE, st.characters())),
        st.builds("https://{}.{}.{}.{}/".format, *[st.integers(0, 999)] * 4),
    ),
)
API_KEYS: Final = Pool(
    st.text(string.ascii_letters + string.digits + string.punctuation, min_size=1, max_size=40),
    st.one_of(
        st.sampled_from(["  ", "a b", "key\n", "\tkey"]), st.integers(), st.lists(st.text(), max_size=1)
    ),
    st.one_of(
        WIDE,
        _spliced(st.text(string.ascii_letters, min_size=8, max_size=20), st.one_of(_CONTROL, _PRINTABLE)),
    ),
)
DOMAINS: Final = Pool(
    _hosts,
    st.one_of(
        st.builds("https://{}".format, _hosts),
        st.builds("{}/path".format, _hosts),
        st.builds("{}:443".format, _hosts),
        st.sampled_from(["localhost", "-bad.okta.com", "a_b.okta.com", "x" * 64 + ".com"]),
        NOT_STR,
    ),
    WIDE,
)
