"""Turn raw stack configuration into a :class:`StackConfig`, or one :class:`ConfigError` listing it all.

Reading (from Pulumi or a stack file) is separate from validating, so the same rules run in the Pulumi
program, in ``scripts/validate_stacks.py`` and in tests, without an engine.
"""

from __future__ import annotations

import json
import os
from collections.abc import Collection, Mapping
from typing import Any

from pulumi.runtime import config as runtime_config
from pydantic import ValidationError

from components.config.models import CONFIG_NAMESPACE, StackConfig, duplicate_identifier_problems
from components.errors import ConfigError

__all__ = [
    "API_KEY_ENV",
    "MISSING_KEY_PROBLEM",
    "format_validation_error",
    "load_stack_config",
    "read_pulumi_config",
    "validation_problems",
]

API_KEY_ENV = "NORDLAYER_API_KEY"
_PREFIX = f"{CONFIG_NAMESPACE}:"
MISSING_KEY_PROBLEM = (
    f"portalApiKey: is required: run `pulumi config set --secret {CONFIG_NAMESPACE}:portalApiKey <key>` "
    f"or export {API_KEY_ENV}"
)
_STRUCTURED_KEYS = frozenset({"organizations"})
_OPTIONAL_TEXT_KEYS = frozenset({"portalApiKey", "oktaDomain"})


def load_stack_config(
    raw: Mapping[str, Any],
    env: Mapping[str, str] | None = None,
    *,
    require_api_key: bool = False,
    secret_keys: Collection[str] | None = None,
) -> StackConfig:
    """Validate ``raw`` (keys without the namespace prefix); ``portalApiKey`` falls back to the env.

    ``require_api_key`` is set by the program (the portal cannot be written without a key) and left
    off by the offline stack-file check, which has no secrets to decrypt. ``secret_keys`` (the keys
    Pulumi holds encrypted) turns on the check that secrets were not written in plain text.
    """
    env = os.environ if env is None else env
    # Pulumi.yaml declares "" as the default of the optional string keys: "" means "not set".
    data = {key: value for key, value in raw.items() if not (key in _OPTIONAL_TEXT_KEYS and value == "")}
    if data.get("portalApiKey") is None and env.get(API_KEY_ENV):
        data["portalApiKey"] = env[API_KEY_ENV]
    missing_key = [MISSING_KEY_PROBLEM] if require_api_key and data.get("portalApiKey") is None else []
    try:
        config = StackConfig.model_validate(data)
    except ValidationError as exc:
        problems = format_validation_error(exc)
        # Field errors stop pydantic before the model-level duplicate check; run that rule on the raw
        # list too, so one run reports everything (the same function words both, so none repeats).
        organizations = data.get("organizations")
        if isinstance(organizations, list):
            raw_ids = [o.get("partnerIdentifier") if isinstance(o, dict) else None for o in organizations]
            problems += [p for p in duplicate_identifier_problems(raw_ids) if p not in problems]
        raise ConfigError(problems + missing_key) from None
    plaintext = _plaintext_secret_problems(config, raw, secret_keys) if secret_keys is not None else []
    if missing_key or plaintext:
        raise ConfigError(missing_key + plaintext)
    return config


def _plaintext_secret_problems(
    config: StackConfig, raw: Mapping[str, Any], secret_keys: Collection[str]
) -> list[str]:
    """A secret written without ``--secret`` sits in the stack file, and so in git, in plain text."""
    problems = []
    if raw.get("portalApiKey") and "portalApiKey" not in secret_keys:
        problems.append(
            "portalApiKey: is stored in plain text in the stack file: "
            f"run `pulumi config set --secret {CONFIG_NAMESPACE}:portalApiKey <key>`"
        )
    if "organizations" not in secret_keys:
        for index, org in enumerate(config.organizations):
            if org.existing_app is not None:
                path = f"organizations[{index}].existingApp.clientSecret"
                problems.append(
                    f"{path}: is stored in plain text in the stack file: run "
                    f"`pulumi config set --secret --path '{CONFIG_NAMESPACE}:{path}' <secret>`"
                )
    return problems


def validation_problems(exc: ValidationError) -> list[tuple[str, str]]:
    """``(path, message)`` per pydantic error, never echoing an input (one may be a secret).

    The path is ``""`` for a model-level error. Shared by the config loader and the portal provider's
    ``check``, so both word problems alike.
    """
    problems: list[tuple[str, str]] = []
    for error in exc.errors(include_input=False, include_url=False):
        message = str(error["msg"]).removeprefix("Value error, ")
        loc = error["loc"]
        path = _path(loc) if not loc or _path(loc) else "''"  # an empty key still gets a visible path
        if error["type"] == "extra_forbidden":
            message = "unknown key (check the spelling; see the config reference in README.md)"
        elif error["type"] == "missing":
            message = "is required"
        problems.append((path, message))
    return problems


def format_validation_error(exc: ValidationError) -> list[str]:
    """``path: message`` lines; a model-level error already names its paths, one per ``; ``."""
    lines: list[str] = []
    for path, message in validation_problems(exc):
        lines.extend([f"{path}: {message}"] if path else message.split("; "))
    return lines


def _path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def read_pulumi_config() -> tuple[dict[str, Any], frozenset[str]]:
    """Every ``nordlayer-okta-sso:*`` key of the running stack, and which of them are secret.

    Reads the whole namespace rather than known keys only, so a misspelt key is reported instead of
    silently ignored. Secret values arrive decrypted; the model wraps them in ``SecretStr``.
    """
    keys = set(runtime_config.CONFIG.get()) | set(runtime_config.get_config_env())
    raw: dict[str, Any] = {}
    secret: set[str] = set()
    for key in sorted(k for k in keys if k.startswith(_PREFIX)):
        value = runtime_config.get_config(key)
        name = key.removeprefix(_PREFIX)
        raw[name] = _parse_structured(value) if name in _STRUCTURED_KEYS else value
        if runtime_config.is_config_secret(key):
            secret.add(name)
    return raw, frozenset(secret)


def _parse_structured(value: Any) -> Any:
    """Lists and objects arrive as JSON text; text that is not JSON is left for the model to reject."""
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        return value
