"""The subset of Okta's ``filter``/``search`` expression language the emulator understands.

Grammar: ``expr := term (("and"|"or") term)*``, ``term := "(" expr ")" | attr op value | attr "pr"``,
``op`` one of ``eq ne sw co``, ``value`` a double-quoted string or ``true``/``false``. ``and`` binds
tighter than ``or``. Attributes are dotted paths into the object (``profile.name``, ``type``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from emulators.okta.errors import invalid_search

__all__ = ["Predicate", "compile_expression", "starts_with"]

Predicate = Callable[[dict[str, Any]], bool]

_TOKEN = re.compile(r'\s*(?:(\()|(\))|"((?:[^"\\]|\\.)*)"|([^\s()"]+))')
_OPERATORS = ("eq", "ne", "sw", "co")


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    text = text.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise invalid_search(f"cannot parse {text[position:]!r}")
        position = match.end()
        opened, closed, quoted, word = match.groups()
        if opened:
            tokens.append(("(", opened))
        elif closed:
            tokens.append((")", closed))
        elif quoted is not None:
            tokens.append(("str", re.sub(r"\\(.)", r"\1", quoted)))
        else:
            tokens.append(("word", word))
    return tokens


def _lookup(obj: dict[str, Any], attribute: str) -> Any:
    value: Any = obj
    for part in attribute.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _compare(op: str, actual: Any, expected: Any) -> bool:
    if op in ("eq", "ne"):
        both_text = isinstance(actual, str) and isinstance(expected, str)
        equal = actual.lower() == expected.lower() if both_text else actual == expected
        return equal if op == "eq" else not equal
    if not isinstance(actual, str) or not isinstance(expected, str):
        return False
    if op == "sw":
        return actual.lower().startswith(expected.lower())
    return expected.lower() in actual.lower()


class _Parser:
    def __init__(self, text: str) -> None:
        self._tokens = _tokens(text)
        self._at = 0

    def parse(self) -> Predicate:
        predicate = self._or()
        if self._at != len(self._tokens):
            raise invalid_search(f"unexpected {self._tokens[self._at][1]!r}")
        return predicate

    def _peek_word(self) -> str | None:
        if self._at < len(self._tokens) and self._tokens[self._at][0] == "word":
            return self._tokens[self._at][1].lower()
        return None

    def _next(self) -> tuple[str, str]:
        if self._at >= len(self._tokens):
            raise invalid_search("expression ends too early")
        token = self._tokens[self._at]
        self._at += 1
        return token

    def _or(self) -> Predicate:
        parts = [self._and()]
        while self._peek_word() == "or":
            self._at += 1
            parts.append(self._and())
        return lambda obj: any(part(obj) for part in parts)

    def _and(self) -> Predicate:
        parts = [self._term()]
        while self._peek_word() == "and":
            self._at += 1
            parts.append(self._term())
        return lambda obj: all(part(obj) for part in parts)

    def _term(self) -> Predicate:
        kind, text = self._next()
        if kind == "(":
            inner = self._or()
            if self._next()[0] != ")":
                raise invalid_search("missing ')'")
            return inner
        if kind != "word":
            raise invalid_search(f"expected an attribute, got {text!r}")
        attribute = text
        op = self._next()[1].lower()
        if op == "pr":
            return lambda obj: _lookup(obj, attribute) not in (None, "")
        if op not in _OPERATORS:
            raise invalid_search(f"unsupported operator {op!r}")
        value_kind, raw = self._next()
        expected: Any = raw
        if value_kind == "word" and raw.lower() in ("true", "false"):
            expected = raw.lower() == "true"
        elif value_kind != "str":
            raise invalid_search(f"expected a quoted value after {op!r}, got {raw!r}")
        return lambda obj: _compare(op, _lookup(obj, attribute), expected)


def compile_expression(text: str) -> Predicate:
    """A predicate for a ``filter``/``search`` query parameter; bad syntax raises Okta's 400."""
    return _Parser(text).parse()


def starts_with(value: str | None, prefix: str) -> bool:
    """Okta's ``q``: a case-insensitive starts-with match."""
    return isinstance(value, str) and value.lower().startswith(prefix.lower())
