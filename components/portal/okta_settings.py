"""``PortalOktaSettings``: the five Okta values written into one organization's portal SSO settings.

The resource is a ``pulumi.dynamic.Resource`` whose CRUD lives in
:class:`components.portal.provider.PortalOktaSettingsProvider`. Its inputs are exactly the fields of
:class:`PortalOktaSettingsArgs`; the portal API key is deliberately not one of them - the provider reads
it at run time from stack config or the environment, so it is never an input or output of this resource
(Pulumi does record all stack config, encrypted, as the ``pulumi-python`` provider's own config).
The client secret is secret twice over: the input is wrapped in ``Output.secret`` and the output is
listed in ``additional_secret_outputs``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi.dynamic

from components.portal.provider import PortalOktaSettingsProvider

__all__ = ["COMPUTED_OUTPUTS", "SECRET_OUTPUTS", "PortalOktaSettings", "PortalOktaSettingsArgs"]

SECRET_OUTPUTS = ["client_secret"]
COMPUTED_OUTPUTS = ("client_secret_sha256", "updated_at", "type")


@dataclass(frozen=True)
class PortalOktaSettingsArgs:
    """Inputs; field names are the resource's input property names."""

    partner_identifier: pulumi.Input[str]
    client_id: pulumi.Input[str]
    client_secret: pulumi.Input[str]
    base_url: pulumi.Input[str]
    audience: pulumi.Input[str]
    issuer: pulumi.Input[str]
    adopt_existing: pulumi.Input[bool] = False


class PortalOktaSettings(pulumi.dynamic.Resource, module="nordlayer", name="PortalOktaSettings"):
    """Okta SSO settings of one portal organization (id ``{partner_identifier}/okta``)."""

    partner_identifier: pulumi.Output[str]
    client_id: pulumi.Output[str]
    client_secret: pulumi.Output[str]
    base_url: pulumi.Output[str]
    audience: pulumi.Output[str]
    issuer: pulumi.Output[str]
    adopt_existing: pulumi.Output[bool]
    client_secret_sha256: pulumi.Output[str]
    """Hex SHA-256 of the secret the portal holds, as the portal reports it."""
    updated_at: pulumi.Output[str]
    type: pulumi.Output[str]

    def __init__(
        self, name: str, args: PortalOktaSettingsArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        props: dict[str, Any] = {
            "partner_identifier": args.partner_identifier,
            "client_id": args.client_id,
            "client_secret": pulumi.Output.secret(args.client_secret),
            "base_url": args.base_url,
            "audience": args.audience,
            "issuer": args.issuer,
            "adopt_existing": args.adopt_existing,
            **dict.fromkeys(COMPUTED_OUTPUTS),
        }
        secret_opts = pulumi.ResourceOptions(additional_secret_outputs=list(SECRET_OUTPUTS))
        super().__init__(
            PortalOktaSettingsProvider(), name, props, pulumi.ResourceOptions.merge(opts, secret_opts)
        )
