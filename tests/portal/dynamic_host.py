"""Drive the real Python dynamic provider host (``python -m pulumi.dynamic``) over gRPC, as the engine does.

The host is started as a subprocess in the repository root (so ``components.portal.provider`` is
importable, as in a real deployment), prints its port, and is then called with the same protobuf
requests the engine sends, properties serialized with Pulumi's own ``rpc`` helpers.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Final

import grpc
from pulumi.runtime import rpc
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

__all__ = ["PROVIDER_KEY", "URN", "DynamicHost", "HostFailure"]

REPO: Final = Path(__file__).resolve().parents[2]
PROVIDER_KEY: Final = "__provider"
URN: Final = (
    "urn:pulumi:test::nordlayer-okta-sso::"
    "pulumi-python:dynamic/nordlayer:PortalOktaSettings::acme-corp-portal"
)
STARTUP_TIMEOUT_S: Final = 30.0
CALL_TIMEOUT_S: Final = 30.0


@dataclass(frozen=True)
class HostFailure:
    """What a failed gRPC call carried back: the host aborts with the formatted traceback."""

    code: grpc.StatusCode
    details: str


def _serialize(props: Mapping[str, Any]) -> Any:
    # A private loop, not asyncio.run: that would leave the main thread without a current loop, which
    # Pulumi's mocks (and the program tests) expect to find.
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(rpc.serialize_properties(dict(props), {}))
    finally:
        loop.close()


def _read_port(stream: IO[bytes]) -> int:
    result: list[bytes] = []
    reader = threading.Thread(target=lambda: result.append(stream.readline()), daemon=True)
    reader.start()
    reader.join(STARTUP_TIMEOUT_S)
    if not result or not result[0].strip().isdigit():
        raise RuntimeError(f"dynamic provider host did not print a port: {result!r}")
    return int(result[0])


class DynamicHost:
    """One host process; ``env`` replaces the credentials-related environment of the child."""

    def __init__(self, stderr_path: Path, env: Mapping[str, str] | None = None) -> None:
        child_env = {k: v for k, v in os.environ.items() if not k.startswith(("NORDLAYER_", "PULUMI_"))}
        child_env.update(env or {})
        self._stderr = stderr_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pulumi.dynamic"],
            cwd=REPO,
            env=child_env,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
        )
        assert self.process.stdout is not None
        self.port = _read_port(self.process.stdout)
        self._channel = grpc.insecure_channel(f"127.0.0.1:{self.port}")
        self.stub = provider_pb2_grpc.ResourceProviderStub(self._channel)

    def __enter__(self) -> DynamicHost:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._channel.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()
        self._stderr.close()

    def configure(self, config: Mapping[str, str]) -> None:
        self.stub.Configure(
            provider_pb2.ConfigureRequest(args=_serialize(config), acceptSecrets=False),
            timeout=CALL_TIMEOUT_S,
        )

    def check(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
        response = self.stub.Check(
            provider_pb2.CheckRequest(urn=URN, olds=_serialize(olds), news=_serialize(news)),
            timeout=CALL_TIMEOUT_S,
        )
        failures = [f"{f.property}: {f.reason}" for f in response.failures]
        return rpc.deserialize_properties(response.inputs, True), failures

    def diff(self, id_: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> Any:
        return self.stub.Diff(
            provider_pb2.DiffRequest(id=id_, urn=URN, olds=_serialize(olds), news=_serialize(news)),
            timeout=CALL_TIMEOUT_S,
        )

    def create(self, props: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        response = self.stub.Create(
            provider_pb2.CreateRequest(urn=URN, properties=_serialize(props)), timeout=CALL_TIMEOUT_S
        )
        return response.id, rpc.deserialize_properties(response.properties)

    def read(self, id_: str, props: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        response = self.stub.Read(
            provider_pb2.ReadRequest(id=id_, urn=URN, properties=_serialize(props)), timeout=CALL_TIMEOUT_S
        )
        return response.id, rpc.deserialize_properties(response.properties)

    def update(self, id_: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> dict[str, Any]:
        response = self.stub.Update(
            provider_pb2.UpdateRequest(id=id_, urn=URN, olds=_serialize(olds), news=_serialize(news)),
            timeout=CALL_TIMEOUT_S,
        )
        props: dict[str, Any] = rpc.deserialize_properties(response.properties)
        return props

    def delete(self, id_: str, props: Mapping[str, Any]) -> None:
        self.stub.Delete(
            provider_pb2.DeleteRequest(id=id_, urn=URN, properties=_serialize(props)), timeout=CALL_TIMEOUT_S
        )

    @staticmethod
    def failure(error: grpc.RpcError) -> HostFailure:
        """The status and traceback text of a failed call (the engine would show the same text)."""
        return HostFailure(error.code(), error.details() or "")
