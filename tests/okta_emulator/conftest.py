"""One emulator for the whole session, reset before every test; special setups start their own.

``client`` speaks to the shared emulator with the right SSWS token; ``start_emulator`` serves a
differently configured ``OktaState`` for as long as the test runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import httpx
import pytest

from emulators.okta import EmulatorSettings, OktaState, create_app
from emulators.serve import RunningServer, serve_in_thread
from tests.okta_emulator.factories import API_TOKEN, StartEmulator, okta_client

SEED_GROUPS = ("Engineering", "Engineering Managers", "Support")
SEED_SERVERS = ("partners",)


@pytest.fixture(scope="session")
def shared_state() -> OktaState:
    return OktaState(
        EmulatorSettings(api_token=API_TOKEN, seed_groups=SEED_GROUPS, seed_auth_servers=SEED_SERVERS)
    )


@pytest.fixture(scope="session")
def shared_server(shared_state: OktaState) -> Iterator[RunningServer]:
    with serve_in_thread(create_app(shared_state)) as server:
        yield server


@pytest.fixture
def server(shared_server: RunningServer, shared_state: OktaState) -> RunningServer:
    shared_state.reset()
    return shared_server


@pytest.fixture
def client(server: RunningServer) -> Iterator[httpx.Client]:
    with okta_client(server) as http:
        yield http


@pytest.fixture
def control(server: RunningServer) -> Iterator[httpx.Client]:
    """The control API needs no token."""
    with httpx.Client(base_url=server.url + "/_emulator", timeout=10.0) as http:
        yield http


@pytest.fixture
def start_emulator() -> Iterator[StartEmulator]:
    with ExitStack() as stack:

        def start(settings: EmulatorSettings) -> tuple[RunningServer, OktaState]:
            state = OktaState(settings)
            return stack.enter_context(serve_in_thread(create_app(state))), state

        yield start
