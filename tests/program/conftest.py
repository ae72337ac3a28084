"""Each test starts with Pulumi's mocks installed and an empty config, so no test sees another's."""

from __future__ import annotations

from collections.abc import Iterator

import pulumi
import pytest

from tests.support.pulumi_mocks import FakeOkta, RecordingMonitor, install_mocks

API_KEY = "nlk-TEST-KEY-7d41c"


@pytest.fixture
def okta() -> FakeOkta:
    return FakeOkta()


@pytest.fixture
def monitor(okta: FakeOkta, monkeypatch: pytest.MonkeyPatch) -> Iterator[RecordingMonitor]:
    monkeypatch.setenv("NORDLAYER_API_KEY", API_KEY)
    for name in ("OKTA_ORG_NAME", "OKTA_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    pulumi.runtime.set_all_config({})
    yield install_mocks(okta)
    pulumi.runtime.set_all_config({})
