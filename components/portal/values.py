"""What the provider host hands us, made plain: unknowns, wrapped secrets, and the input rules.

The Python dynamic provider host passes property values as it deserialized them: during preview an
unknown value is a ``pulumi.output.Unknown`` instance (or, from older hosts and raw structs, the string
sentinel ``pulumi.runtime.rpc.UNKNOWN``), and a secret may arrive wrapped in the RPC secret envelope.
These helpers let ``check``/``diff`` treat both uniformly and let ``check`` reuse the contract's rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from pulumi.output import Unknown
from pulumi.runtime import rpc
from pydantic import ValidationError

from components.config.loader import validation_problems
from components.portal.contract import OktaSettingsInput, organization_identifier_problem

__all__ = ["INPUT_NAMES", "input_problems", "is_unknown", "plain"]

INPUT_NAMES: Final = (
    "partner_identifier",
    "client_id",
    "client_secret",
    "base_url",
    "audience",
    "issuer",
    "adopt_existing",
)


def is_unknown(value: Any) -> bool:
    """True for a value that is not known yet (preview)."""
    value = plain(value)
    return isinstance(value, Unknown) or (isinstance(value, str) and value == rpc.UNKNOWN)


def plain(value: Any) -> Any:
    """``value`` without the RPC secret envelope, if it had one."""
    return rpc.unwrap_rpc_secret(value) if rpc.is_rpc_secret(value) else value


def input_problems(inputs: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every rule violation in the resource inputs; unknown values are skipped, not guessed."""
    problems: list[tuple[str, str]] = []
    org = plain(inputs.get("partner_identifier"))
    if org is None:
        problems.append(("partner_identifier", "is required"))
    elif not is_unknown(org):
        if not isinstance(org, str):
            problems.append(("partner_identifier", "must be a string"))
        elif (problem := organization_identifier_problem(org)) is not None:
            problems.append(("partner_identifier", problem))
    adopt = plain(inputs.get("adopt_existing", False))
    if not is_unknown(adopt) and not isinstance(adopt, bool):
        problems.append(("adopt_existing", "must be a boolean"))
    unknown = {name for name in OktaSettingsInput.model_fields if is_unknown(inputs.get(name))}
    known = {
        name: plain(inputs.get(name))
        for name in OktaSettingsInput.model_fields
        if name not in unknown and inputs.get(name) is not None
    }
    try:
        OktaSettingsInput.model_validate(known)
    except ValidationError as exc:
        problems.extend((field, reason) for field, reason in validation_problems(exc) if field not in unknown)
    return problems
