"""Emulators in threads for the session, reset per test; a fresh project copy and stack per test.

The portal and Okta emulators serve on free loopback ports in this process; the engine reaches them
over HTTP from its own processes (the dynamic provider host). Each test gets its own project copy and
file backend, so no test sees another's state, and a ``PULUMI_HOME`` shared by the session (in a tmp
dir, never the user's) whose logs the secrets test scans too.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Final

import httpx
import pytest

from emulators.okta import EmulatorSettings, OktaState
from emulators.okta import create_app as create_okta_app
from emulators.portal import EmulatorControl, PortalState
from emulators.portal import create_app as create_portal_app
from emulators.serve import RunningServer, serve_in_thread
from scripts.sandbox.okta_apps import OktaAdmin
from scripts.sandbox.pulumi_cli import BUILD_HINT, TOOLS_BIN, PulumiCli, missing_tools
from tests.e2e.harness import NS, E2EStack, copy_project
from tests.e2e.values import (
    API_KEY,
    CLIENT_IDS,
    OKTA_BASE_URL,
    OKTA_ORG_NAME,
    OKTA_TOKEN,
    ORGS,
    PASSPHRASE,
    NewStack,
)

_STACKS: Final = pytest.StashKey[list[E2EStack]]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """A failed test's report carries every pulumi command it ran, with output, so CI logs explain it."""
    report = yield
    if report.failed:
        for stack in item.stash.get(_STACKS, []):
            report.sections.append((f"pulumi commands ({stack.project})", stack.transcript()))
    return report


@pytest.fixture(scope="session")
def toolchain() -> None:
    """Fail (never skip) when the Pulumi toolchain has not been built."""
    missing = missing_tools()
    if missing:
        pytest.fail(
            f"the end-to-end tests need the Pulumi toolchain, but {', '.join(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} missing from {TOOLS_BIN}: {BUILD_HINT}",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def pulumi_home(toolchain: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's PULUMI_HOME; needs the toolchain, so every engine-running test checks for it."""
    return tmp_path_factory.mktemp("pulumi-home")


@pytest.fixture(scope="session")
def portal_server() -> Iterator[RunningServer]:
    with serve_in_thread(create_portal_app(PortalState(api_key=API_KEY))) as server:
        yield server


@pytest.fixture(scope="session")
def okta_server() -> Iterator[RunningServer]:
    state = OktaState(EmulatorSettings(api_token=OKTA_TOKEN))
    with serve_in_thread(create_okta_app(state)) as server:
        yield server


@pytest.fixture
def portal(portal_server: RunningServer) -> Iterator[EmulatorControl]:
    """The portal emulator, reset: our two organizations, no SSO method, empty request log."""
    with EmulatorControl(portal_server.url) as control:
        control.reset()
        for org in ORGS:
            control.seed_org(org)
        yield control


@pytest.fixture
def okta(okta_server: RunningServer) -> Iterator[OktaAdmin]:
    """The Okta emulator, reset to an org with no apps, and an admin client for it."""
    httpx.post(f"{okta_server.url}/_emulator/reset", timeout=10.0).raise_for_status()
    with OktaAdmin(okta_server.url, OKTA_TOKEN) as admin:
        yield admin


@pytest.fixture
def new_stack(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    pulumi_home: Path,
    portal: EmulatorControl,
    okta: OktaAdmin,
) -> NewStack:
    """Build stack ``e2e``: Okta apps made over Okta's API, their credentials in the stack config."""

    def make(
        *,
        organizations: Sequence[str] = ORGS,
        client_secrets: Mapping[str, str] | None = None,
        name: str = "project",
    ) -> E2EStack:
        project = copy_project(tmp_path / name)
        cli = PulumiCli(
            cwd=project,
            backend_dir=tmp_path / f"{name}-backend",
            passphrase=PASSPHRASE,
            pulumi_home=pulumi_home,
        )
        stack = E2EStack(cli, secrets={"portal API key": API_KEY})
        request.node.stash.setdefault(_STACKS, []).append(stack)
        stack.init()
        plain = {
            f"{NS}:portalApiUrl": portal.api_url,
            "okta:orgName": OKTA_ORG_NAME,
            "okta:baseUrl": OKTA_BASE_URL,
        }
        secret = {f"{NS}:portalApiKey": API_KEY}
        for index, org in enumerate(organizations):
            wanted = (client_secrets or {}).get(org)
            app = okta.ensure_oidc_app(org, client_id=CLIENT_IDS[org], client_secret=wanted)
            stack.apps[org] = app
            stack.secrets[f"client secret of {org}"] = app.client_secret
            plain[f"{NS}:organizations[{index}].partnerIdentifier"] = org
            plain[f"{NS}:organizations[{index}].existingApp.clientId"] = app.client_id
            secret[f"{NS}:organizations[{index}].existingApp.clientSecret"] = app.client_secret
        stack.configure(plain, secret)
        return stack

    return make


@pytest.fixture
def stack(new_stack: NewStack) -> E2EStack:
    """Two organizations, configured, not deployed."""
    return new_stack()


@pytest.fixture
def deployed(stack: E2EStack, portal: EmulatorControl) -> E2EStack:
    """Two organizations, deployed; the portal's request log is cleared afterwards."""
    stack.up()
    portal.clear_requests()
    return stack
