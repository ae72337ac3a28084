"""Pulumi's official mocks, plus a monitor that records what the engine would be asked to register.

The stock ``MockMonitor`` drops ``additionalSecretOutputs``, parents and dependencies; recording them is
how the tests see the resource graph a real engine would build.
"""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass, field
from typing import Any

import pulumi
from pulumi.runtime import mocks as pulumi_mocks
from pulumi.runtime.stack import wait_for_rpcs
from pulumi.runtime.sync_await import _sync_await

__all__ = [
    "FakeOkta",
    "OktaMocks",
    "RecordingMonitor",
    "Registration",
    "install_mocks",
    "resolve",
    "wait_for_registrations",
]

APP_TYPE = "okta:app/oAuth:OAuth"
DYNAMIC_TYPE = "pulumi-python:dynamic/nordlayer:PortalOktaSettings"


@dataclass(frozen=True)
class Registration:
    type: str
    name: str
    parent: str
    inputs: dict[str, Any]
    secret_outputs: tuple[str, ...]
    dependencies: tuple[str, ...]
    delete_before_replace: bool


@dataclass
class FakeOkta:
    """What the mocked Okta org contains: group names -> ids, server names -> ids, the org URL."""

    groups: dict[str, str] = field(default_factory=lambda: {"Engineering": "00g1eng", "Support": "00g2sup"})
    servers: dict[str, str] = field(
        default_factory=lambda: {"default": "default", "partners": "aus1partners"}
    )
    org_url: str = "https://acme.okta.com"
    calls: list[str] = field(default_factory=list)


class OktaMocks(pulumi.runtime.Mocks):
    """Answers the okta data sources from a :class:`FakeOkta` and gives apps Okta-shaped ids."""

    def __init__(self, okta: FakeOkta) -> None:
        self.okta = okta

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        state = dict(args.inputs)
        if args.typ == APP_TYPE:
            digest = hashlib.sha256(args.name.encode()).hexdigest()
            app_id = "0oa" + digest[:17]
            state.update(client_id=app_id, client_secret=f"secret-{digest[:32]}")
            return app_id, state
        if args.typ == DYNAMIC_TYPE:
            return f"{state.get('partner_identifier')}/okta", state
        return f"{args.name}-id", state

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        self.okta.calls.append(args.token)
        name = args.args.get("name")
        if args.token == "okta:group/getGroup:getGroup":
            if name not in self.okta.groups:
                return {}, [("name", f"group with name {name!r} does not exist")]
            return {"id": self.okta.groups[name], "name": name}, []
        if args.token == "okta:auth/getServer:getServer":
            if name not in self.okta.servers:
                return {}, [("name", f"authorization server with name {name!r} does not exist")]
            return {"id": self.okta.servers[name], "name": name}, []
        if args.token == "okta:index/getOrgMetadata:getOrgMetadata":
            return {"id": "00o1", "domains": {"organization": self.okta.org_url, "alternate": ""}}, []
        return {}, [("token", f"unexpected invoke {args.token}")]


class RecordingMonitor(pulumi_mocks.MockMonitor):
    def __init__(self, mocks: pulumi.runtime.Mocks) -> None:
        super().__init__(mocks)
        self.registrations: list[Registration] = []

    def RegisterResource(self, request: Any) -> Any:  # noqa: N802 - the gRPC method name
        if request.type != "pulumi:pulumi:Stack":
            inputs = pulumi.runtime.rpc.deserialize_properties(request.object)
            self.registrations.append(
                Registration(
                    type=request.type,
                    name=request.name,
                    parent=request.parent,
                    inputs=inputs,
                    secret_outputs=tuple(request.additionalSecretOutputs),
                    dependencies=tuple(request.dependencies),
                    delete_before_replace=bool(request.deleteBeforeReplace),
                )
            )
        return super().RegisterResource(request)  # type: ignore[no-untyped-call]

    def by_type(self, type_: str) -> list[Registration]:
        return [r for r in self.registrations if r.type == type_]

    def named(self, name: str) -> Registration:
        (match,) = [r for r in self.registrations if r.name == name]
        return match


def install_mocks(okta: FakeOkta | None = None, *, preview: bool = False) -> RecordingMonitor:
    mocks = OktaMocks(okta or FakeOkta())
    monitor = RecordingMonitor(mocks)
    pulumi.runtime.set_mocks(
        mocks, project="nordlayer-okta-sso", stack="test", preview=preview, monitor=monitor
    )
    return monitor


def resolve(output: pulumi.Output[Any]) -> tuple[Any, bool]:
    """The value and secretness of an output, waiting for the mocked engine like a real one would."""

    async def both() -> tuple[Any, bool]:
        value, secret = await asyncio.gather(output.future(), output.is_secret())
        return value, bool(secret)

    return _sync_await(both())


def wait_for_registrations() -> None:
    """Block until every queued registration reached the mocked engine, as the real program's exit does."""
    _sync_await(wait_for_rpcs())
