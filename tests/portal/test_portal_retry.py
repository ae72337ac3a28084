"""Retries: which failures are retried, how long we wait, and that the loop is bounded in tries and time."""

from __future__ import annotations

import random
import time

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.errors import PortalError
from components.portal.client import PortalClient
from components.portal.errors import (
    PortalHTTPError,
    PortalTimeoutError,
    RateLimitedError,
    ServerError,
)
from components.portal.retry import RetryPolicy, parse_retry_after
from emulators.portal import EmulatorControl

from .support import API_KEY, FAST_RETRY, ORG, settings_input


def test_429_waits_exactly_retry_after(
    client: PortalClient, control: EmulatorControl, sleeps: list[float]
) -> None:
    control.fault("status", path="*/okta", status=429, retry_after="2", count=2)
    assert client.get_okta(ORG) is None
    assert sleeps == [2.0, 2.0]
    assert control.count("GET") == 3


def test_a_real_one_second_retry_after_is_honoured(control: EmulatorControl) -> None:
    control.fault("status", method="PUT", path="*/okta", status=429, retry_after="1")
    with PortalClient(API_KEY, control.api_url, retry=FAST_RETRY) as portal:
        started = time.monotonic()
        portal.put_okta(ORG, settings_input())
        elapsed = time.monotonic() - started
    assert 1.0 <= elapsed < 3.0
    assert control.count("PUT") == 2


def test_503_twice_then_success(client: PortalClient, control: EmulatorControl, sleeps: list[float]) -> None:
    control.fault("status", method="PUT", path="*/okta", status=503, count=2)
    assert client.put_okta(ORG, settings_input()).client_id
    assert control.count("PUT") == 3
    assert len(sleeps) == 2
    assert all(0 <= s <= FAST_RETRY.max_delay for s in sleeps)


@pytest.mark.parametrize("status", [500, 502, 504])
def test_other_retryable_server_errors(client: PortalClient, control: EmulatorControl, status: int) -> None:
    control.fault("status", method="DELETE", path="*/okta", status=status)
    assert client.delete_okta(ORG) is False
    assert control.count("DELETE") == 2


@pytest.mark.parametrize("status", [400, 404, 409, 501])
def test_other_statuses_are_not_retried(client: PortalClient, control: EmulatorControl, status: int) -> None:
    control.fault("status", path="*/okta", status=status, code="boom")
    with pytest.raises(PortalHTTPError) as info:
        client.get_okta(ORG)
    assert info.value.status == status
    assert control.count("GET") == 1  # 501 is a 5xx, but "not implemented" does not pass


def test_a_read_timeout_then_success(control: EmulatorControl, sleeps: list[float]) -> None:
    control.fault("delay", path="*/okta", delay_s=0.5)
    with PortalClient(
        API_KEY, control.api_url, retry=FAST_RETRY, sleep=sleeps.append, timeout=httpx.Timeout(0.15)
    ) as portal:
        assert portal.get_okta(ORG) is None
    assert len(sleeps) == 1
    assert control.count("GET") == 2


def test_timeouts_on_every_attempt_give_a_timeout_error(control: EmulatorControl) -> None:
    control.fault("delay", path="*/okta", delay_s=0.4, count=3)
    policy = RetryPolicy(max_attempts=2, total_timeout=5, base_delay=0.0, max_delay=0.0)
    with (
        PortalClient(API_KEY, control.api_url, retry=policy, timeout=httpx.Timeout(0.1)) as portal,
        pytest.raises(PortalTimeoutError, match=r"timed out .*after 2 attempts"),
    ):
        portal.get_okta(ORG)


def test_dropped_connections_are_retried(client: PortalClient, control: EmulatorControl) -> None:
    control.fault("drop", method="PUT", path="*/okta")
    control.fault("truncated", method="PUT", path="*/okta")
    client.put_okta(ORG, settings_input())
    assert control.count("PUT") == 3


def test_attempts_are_bounded(client: PortalClient, control: EmulatorControl, sleeps: list[float]) -> None:
    control.fault("status", path="*/okta", status=503, count=50)
    with pytest.raises(ServerError) as info:
        client.get_okta(ORG)
    assert info.value.attempts == FAST_RETRY.max_attempts
    assert control.count("GET") == FAST_RETRY.max_attempts
    assert len(sleeps) == FAST_RETRY.max_attempts - 1


def test_a_retry_after_beyond_the_budget_fails_now(
    client: PortalClient, control: EmulatorControl, sleeps: list[float]
) -> None:
    control.fault("status", path="*/okta", status=429, retry_after="3600")
    with pytest.raises(RateLimitedError) as info:
        client.get_okta(ORG)
    assert info.value.retry_after == 3600
    assert sleeps == []


def test_total_time_is_bounded_even_with_attempts_left(control: EmulatorControl) -> None:
    now = [0.0]

    def fake_sleep(seconds: float) -> None:
        now[0] += seconds

    control.fault("status", path="*/okta", status=429, retry_after="4", count=50)
    policy = RetryPolicy(max_attempts=100, total_timeout=10.0)
    with (
        PortalClient(
            API_KEY, control.api_url, retry=policy, sleep=fake_sleep, clock=lambda: now[0]
        ) as portal,
        pytest.raises(RateLimitedError),
    ):
        portal.get_okta(ORG)
    assert now[0] == 8.0  # two 4 s waits fit in 10 s, a third would not
    assert control.count("GET") == 3


def test_backoff_is_exponential_with_full_jitter() -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=4.0)

    class Top(random.Random):
        def uniform(self, a: float, b: float) -> float:
            return b

    assert [policy.backoff(n, Top()) for n in range(1, 7)] == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
    draws = [policy.backoff(3, random.Random(seed)) for seed in range(200)]
    assert min(draws) >= 0.0
    assert max(draws) <= 2.0
    assert min(draws) < 0.5 < max(draws)  # spread over the whole range, not clustered at the top


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("3", 3.0),
        (" 1.5 ", 1.5),
        ("0", 0.0),
        ("-4", 0.0),
        (None, None),
        ("soon", None),
        ("inf", None),
        ("nan", None),
        ("Wed, 21 Oct 2015 07:28:00 GMT", None),
    ],
)
def test_retry_after_parsing(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header) == seconds


def test_policy_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="max_attempts"):
        RetryPolicy(max_attempts=0)
    with pytest.raises(ValueError, match="total_timeout"):
        RetryPolicy(total_timeout=0)


class ScriptedTransport(httpx.BaseTransport):
    """The client's test seam: answers every request with one canned response."""

    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(self.status, headers=self.headers, content=self.body, request=request)


header_text = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=20)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    status=st.integers(min_value=200, max_value=599),
    headers=st.dictionaries(
        st.sampled_from(["retry-after", "content-type", "content-encoding", "x-any"]), header_text, max_size=3
    ),
    body=st.one_of(
        st.binary(max_size=200),
        st.sampled_from(
            [
                b"{}",
                b"[]",
                b"null",
                b'{"error": {}}',
                b'[{"type": 1}]',
                b'{"error": {"code": "x", "message": "y", "fields": {"a": 1}}}',
                b"[" * 5000,
            ]
        ),
    ),
)
def test_any_answer_yields_a_result_or_one_of_our_errors(
    status: int, headers: dict[str, str], body: bytes
) -> None:
    transport = ScriptedTransport(status, headers, body)
    policy = RetryPolicy(max_attempts=2, total_timeout=1.0, base_delay=0.0, max_delay=0.0)
    with PortalClient(
        API_KEY, "https://portal.invalid/msp/v1", transport=transport, retry=policy, sleep=lambda _: None
    ) as portal:
        for call in (
            lambda: portal.get_okta(ORG),
            lambda: portal.list_methods(ORG),
            lambda: portal.delete_okta(ORG),
            lambda: portal.put_okta(ORG, settings_input()),
            portal.list_organizations,
        ):
            try:
                call()
            except PortalError as exc:
                failure = str(exc)
            else:
                failure = ""
            assert API_KEY not in failure
