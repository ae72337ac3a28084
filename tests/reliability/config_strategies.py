"""Hypothesis strategies for raw stack config, each drawn together with what validation must do with it.

Every field value comes from a :class:`config_pools.Pool`; structural breaks (a missing identifier, an
organization that is not a mapping, unknown keys, duplicates, a group list that is not a list, secrets
in plain text) are drawn here. A drawn :class:`RawConfig` records which paths validation must name
(``broken``) and which it may name (``maybe``). A third of the configs are *clean* - nothing broken on
purpose - so that accepted configs, and the invariants checked on them, are common.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from hypothesis import strategies as st
from hypothesis.strategies import DrawFn
from pydantic import BaseModel

from components.config.models import ExistingApp, OrganizationConfig, StackConfig

from .config_pools import (
    API_KEYS,
    APP_LABELS,
    BAD_GROUP,
    BOOLS,
    CLIENT_IDS,
    DOMAINS,
    GROUP_NAME,
    IDENTIFIERS,
    MODES,
    SECRETS,
    SERVERS,
    URLS,
    WIDE,
    Pool,
)

__all__ = ["RawConfig", "raw_configs"]

BAD, MAYBE = "broken", "maybe"
Draw = DrawFn


def _by_name(model: type[BaseModel]) -> bool:
    config = model.model_config
    return bool(config.get("validate_by_name", config.get("populate_by_name", False)))


def _names(model: type[BaseModel]) -> frozenset[str]:
    """Every key the model accepts for its fields: the camelCase alias, and the Python name if enabled."""
    aliases = {field.alias or name for name, field in model.model_fields.items()}
    return frozenset(aliases | (set(model.model_fields) if _by_name(model) else set()))


def _misspellings(model: type[BaseModel]) -> list[str]:
    """Python names the model does not accept: the snake_case slip a stack file may contain."""
    return sorted(set(model.model_fields) - _names(model))


ORG_KEYS: Final = _names(OrganizationConfig)
TOP_KEYS: Final = _names(StackConfig)
APP_KEYS: Final = _names(ExistingApp)
IDENTIFIER_KEYS: Final = sorted(ORG_KEYS & {"partnerIdentifier", "partner_identifier"})
_SLIPS: Final = [*_misspellings(OrganizationConfig), *_misspellings(StackConfig), *_misspellings(ExistingApp)]


@dataclass
class RawConfig:
    """A raw config and the paths validation must (``broken``) or may (``maybe``) name."""

    raw: dict[str, Any]
    clean: bool = False
    require_api_key: bool = False
    secret_keys: frozenset[str] | None = None
    broken: dict[str, tuple[str, ...]] = field(default_factory=dict)
    maybe: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Path -> the ways the loader may write it (a key can be spelt two ways; an empty key renders oddly)."""

    def mark(self, path: str, verdict: str | None, *renderings: str) -> None:
        if verdict is not None:
            (self.broken if verdict == BAD else self.maybe)[path] = renderings or (path,)

    def unmark(self, path: str) -> None:
        self.broken.pop(path, None)
        self.maybe.pop(path, None)

    def value(self, draw: Draw, pool: Pool) -> tuple[Any, str | None]:
        options = [pool.valid.map(lambda v: (v, None)), pool.maybe.map(lambda v: (v, MAYBE))]
        if not self.clean:
            options.append(pool.broken.map(lambda v: (v, BAD)))
        result: tuple[Any, str | None] = draw(st.one_of(*options))
        return result

    def breaks(self, draw: Draw, one_in: int) -> bool:
        """Whether to break the structure here (never in a clean config)."""
        return not self.clean and draw(st.integers(1, one_in)) == 1


def _key_paths(prefix: str, key: str) -> tuple[str, ...]:
    path = f"{prefix}.{key}" if prefix else key
    return (path, f"{path}''", f'{path}""') if key == "" else (path,)


def _unknown_key(draw: Draw, out: RawConfig, prefix: str, known: frozenset[str]) -> tuple[str, Any]:
    slips = st.sampled_from(_SLIPS) if _SLIPS else st.nothing()
    key = draw(st.one_of(st.text(max_size=12), slips).filter(lambda k: k not in known))
    paths = _key_paths(prefix, key)
    out.mark(paths[0], BAD, *paths)
    return key, draw(st.integers())


def _identifier_paths(prefix: str, key: str) -> tuple[str, ...]:
    """A field error names the key as written; a duplicate is reported as ``partnerIdentifier``."""
    return (f"{prefix}.partnerIdentifier", f"{prefix}.{key}")


def _identifier(org: Any) -> str | None:
    """The identifier under the first accepted spelling of its key (what the duplicate rule reads)."""
    key = next((k for k in IDENTIFIER_KEYS if isinstance(org, dict) and k in org), None)
    value = org[key] if key is not None else None
    return value if isinstance(value, str) else None


def _existing_app(draw: Draw, out: RawConfig, prefix: str) -> Any:
    if out.breaks(draw, 8):
        out.mark(prefix, BAD)
        return draw(st.one_of(st.text(max_size=5), st.integers(), st.lists(st.integers(), max_size=1)))
    if draw(st.booleans()):
        return draw(st.sampled_from([None, ...]))
    client_id, id_verdict = out.value(draw, CLIENT_IDS)
    app: dict[str, Any] = {"clientId": client_id}
    out.mark(f"{prefix}.clientId", id_verdict)
    if out.breaks(draw, 6):
        out.mark(f"{prefix}.clientSecret", BAD)  # missing
    else:
        app["clientSecret"], verdict = out.value(draw, SECRETS)
        out.mark(f"{prefix}.clientSecret", verdict)
    if out.breaks(draw, 6):
        key, value = _unknown_key(draw, out, prefix, APP_KEYS)
        app[key] = value
    return app


def _groups(draw: Draw, out: RawConfig, path: str) -> Any:
    kinds = ["absent", "valid", "valid", "wide"]
    kind = draw(st.sampled_from(kinds if out.clean else [*kinds, "duplicate", "bad-element", "not-a-list"]))
    if kind == "absent":
        return ...
    if kind == "not-a-list":
        out.mark(path, BAD)
        return draw(
            st.one_of(st.text(max_size=5), st.integers(), st.dictionaries(WIDE, st.integers(), max_size=1))
        )
    if kind == "wide":
        wide: list[str] = draw(st.lists(WIDE, max_size=3))
        for k in range(len(wide)):
            out.mark(f"{path}[{k}]", MAYBE)
        out.mark(path, MAYBE)
        return wide
    names: list[Any] = draw(st.lists(GROUP_NAME, max_size=3, unique=True))
    if kind == "duplicate":
        names = [*names, draw(GROUP_NAME)] * 2
        out.mark(path, BAD)
    elif kind == "bad-element":
        k = draw(st.integers(0, len(names)))
        names.insert(k, draw(BAD_GROUP))
        out.mark(f"{path}[{k}]", BAD)
    return names


def _organization(draw: Draw, out: RawConfig, index: int) -> Any:
    prefix = f"organizations[{index}]"
    if out.breaks(draw, 10):
        out.mark(prefix, BAD)
        return draw(
            st.one_of(st.integers(), st.text(max_size=5), st.none(), st.lists(st.integers(), max_size=1))
        )
    before = (set(out.broken), set(out.maybe))
    org: dict[str, Any] = {}
    if out.breaks(draw, 12):
        out.mark(f"{prefix}.partnerIdentifier", BAD)  # missing
    else:
        key = draw(st.sampled_from(IDENTIFIER_KEYS))
        org[key], verdict = out.value(draw, IDENTIFIERS)
        out.mark(f"{prefix}.partnerIdentifier", verdict, *_identifier_paths(prefix, key))
    for key, pool in (
        ("appLabel", APP_LABELS),
        ("authorizationServer", SERVERS),
        ("adoptExisting", BOOLS),
        ("groupAssignmentMode", MODES),
    ):
        if draw(st.booleans()):
            org[key], verdict = out.value(draw, pool)
            out.mark(f"{prefix}.{key}", verdict)
    groups = _groups(draw, out, f"{prefix}.groups")
    app = _existing_app(draw, out, f"{prefix}.existingApp")
    org.update({k: v for k, v in (("groups", groups), ("existingApp", app)) if v is not ...})
    if out.breaks(draw, 7):
        key, value = _unknown_key(draw, out, prefix, ORG_KEYS)
        org[key] = value
    if isinstance(app, dict) and isinstance(groups, list) and groups:
        # "groups with an existingApp" is an organization-level rule: it runs only if every field passed.
        out.mark(prefix, BAD if (set(out.broken), set(out.maybe)) == before else MAYBE)
    return org


def _duplicates(draw: Draw, out: RawConfig, orgs: list[Any]) -> None:
    """Often copy a valid identifier to a later organization; then mark every repeat, drawn or chance."""
    valid = [
        i for i, o in enumerate(orgs) if _identifier(o) and f"{_org(i)}.partnerIdentifier" not in out.maybe
    ]
    valid = [i for i in valid if f"{_org(i)}.partnerIdentifier" not in out.broken]
    later = [j for j, o in enumerate(orgs) if isinstance(o, dict) and valid and j > valid[0]]
    if later and out.breaks(draw, 2):
        j = draw(st.sampled_from(later))
        for spelling in IDENTIFIER_KEYS:
            orgs[j].pop(spelling, None)
        out.unmark(f"{_org(j)}.partnerIdentifier")
        key = draw(st.sampled_from(IDENTIFIER_KEYS))
        orgs[j][key] = _identifier(orgs[valid[0]])
    seen: set[str] = set()
    for j, org in enumerate(orgs):
        identifier = _identifier(org)
        if identifier in seen:
            key = next(k for k in IDENTIFIER_KEYS if k in org)
            out.mark(f"{_org(j)}.partnerIdentifier", BAD, *_identifier_paths(_org(j), key))
        elif identifier is not None:
            seen.add(identifier)


def _org(index: int) -> str:
    return f"organizations[{index}]"


def _plaintext(draw: Draw, out: RawConfig) -> None:
    """With ``secret_keys`` given, secrets outside it are reported - once everything else validated."""
    if draw(st.booleans()):
        return
    every = frozenset({"portalApiKey", "organizations"})
    out.secret_keys = every if out.clean else frozenset(draw(st.sets(st.sampled_from(sorted(every)))))
    verdict = BAD if not out.broken and not out.maybe else MAYBE
    if (
        out.raw.get("portalApiKey")
        and "portalApiKey" not in out.secret_keys
        and "portalApiKey" not in out.broken
    ):
        out.mark("portalApiKey", verdict)
    orgs = out.raw.get("organizations")
    if "organizations" in out.secret_keys or not isinstance(orgs, list):
        return
    for index, org in enumerate(orgs):
        if isinstance(org, dict) and isinstance(org.get("existingApp"), dict):
            out.mark(f"{_org(index)}.existingApp.clientSecret", verdict)


@st.composite
def raw_configs(draw: Draw) -> RawConfig:
    """A raw config with its expectations; see the module docstring."""
    out = RawConfig(raw={}, clean=draw(st.integers(0, 2)) == 0)
    shape = "list" if not out.breaks(draw, 6) else draw(st.sampled_from(["missing", "empty", "not-a-list"]))
    if shape == "list":
        orgs = [_organization(draw, out, i) for i in range(draw(st.integers(1, 4)))]
        _duplicates(draw, out, orgs)
        out.raw["organizations"] = orgs
    else:
        out.mark("organizations", BAD)
        if shape != "missing":
            out.raw["organizations"] = [] if shape == "empty" else draw(st.one_of(WIDE, st.integers()))
    for key, pool in (("portalApiUrl", URLS), ("portalApiKey", API_KEYS), ("oktaDomain", DOMAINS)):
        if draw(st.booleans()):
            out.raw[key], verdict = out.value(draw, pool)
            unset = out.raw[key] == "" and key != "portalApiUrl"  # Pulumi.yaml's default: "" means unset
            out.mark(key, None if unset else verdict)
    while out.breaks(draw, 3):
        key, value = _unknown_key(draw, out, "", TOP_KEYS)
        out.raw[key] = value
    out.require_api_key = draw(st.booleans())
    if out.require_api_key and out.raw.get("portalApiKey") in (None, ""):
        out.require_api_key = not out.clean
        out.mark("portalApiKey", None if out.clean else BAD)
    _plaintext(draw, out)
    return out
