"""Declare ``PortalOktaSettings`` under Pulumi's mocks and record what the engine would be sent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pulumi
from pulumi.runtime import mocks as pulumi_mocks

from components.portal.okta_settings import PortalOktaSettings, PortalOktaSettingsArgs

__all__ = ["Registration", "declare"]

PROJECT = "nordlayer-okta-sso"


@dataclass(frozen=True)
class Registration:
    type: str
    name: str
    inputs: dict[str, Any]
    secret_outputs: tuple[str, ...]


class _Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        state = dict(args.inputs)
        state.update(client_secret_sha256="0" * 64, updated_at="2025-01-01T00:00:00Z", type="okta")
        return f"{state.get('partner_identifier')}/okta", state

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        return {}, None


class _Recorder(pulumi_mocks.MockMonitor):
    """The stock monitor drops ``additionalSecretOutputs``; this one keeps every registration."""

    def __init__(self, mocks: pulumi.runtime.Mocks) -> None:
        super().__init__(mocks)
        self.registrations: list[Registration] = []

    def RegisterResource(self, request: Any) -> Any:  # noqa: N802 - the gRPC method name
        if request.type != "pulumi:pulumi:Stack":
            self.registrations.append(
                Registration(
                    request.type,
                    request.name,
                    pulumi.runtime.rpc.deserialize_properties(request.object),
                    tuple(request.additionalSecretOutputs),
                )
            )
        return super().RegisterResource(request)  # type: ignore[no-untyped-call]


def declare(
    args: PortalOktaSettingsArgs, opts: pulumi.ResourceOptions | None = None, *, preview: bool = False
) -> tuple[PortalOktaSettings, Registration]:
    """One resource under fresh mocks; returns it and its registration."""
    mocks = _Mocks()
    recorder = _Recorder(mocks)
    pulumi.runtime.set_mocks(mocks, project=PROJECT, stack="test", preview=preview, monitor=recorder)
    resource = PortalOktaSettings("acme-corp-portal", args, opts)
    pulumi.runtime.sync_await._sync_await(resource.id.future())
    (registration,) = recorder.registrations
    return resource, registration
