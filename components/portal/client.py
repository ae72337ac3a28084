"""The portal API client: one small, synchronous httpx client for the calls in ``contract``.

One place for the base URL, the ``Authorization: ApiKey`` header, the timeouts, the retry loop and the
error mapping. The test seam is the httpx transport (``transport=``); ``sleep``, ``clock`` and ``rng``
are injectable so retry tests neither wait nor flake. Nothing here keeps a secret in a message or log:
errors carry method, path, status and the API's code/message, redacted of the key and client secret.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from types import TracebackType
from typing import Final, Literal, overload

import httpx
from pydantic import TypeAdapter

from components.config.fields import check_api_key, check_portal_api_url
from components.portal.contract import (
    API_KEY_SCHEME,
    AUTH_HEADER,
    DEFAULT_BASE_URL,
    MAX_PAGE_LIMIT,
    OKTA_METHOD_PATH,
    ORGANIZATIONS_PATH,
    SSO_METHODS_PATH,
    OktaSettings,
    OktaSettingsInput,
    Organization,
    SsoMethod,
    format_path,
)
from components.portal.errors import MalformedResponseError, PortalConfigurationError, PortalTransportError
from components.portal.retry import DEFAULT_RETRY_POLICY, RetryPolicy
from components.portal.wire import (
    RawResponse,
    capped_timeout,
    describe,
    error_code,
    final_error,
    parse_body,
    send_once,
)

__all__ = [
    "CONNECT_TIMEOUT_S",
    "DEFAULT_TIMEOUT",
    "MAX_PAGES",
    "MAX_RESPONSE_BYTES",
    "POOL_TIMEOUT_S",
    "READ_TIMEOUT_S",
    "WRITE_TIMEOUT_S",
    "PortalClient",
]

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT_S: Final = 5.0
READ_TIMEOUT_S: Final = 20.0
WRITE_TIMEOUT_S: Final = 20.0
POOL_TIMEOUT_S: Final = 5.0
DEFAULT_TIMEOUT: Final = httpx.Timeout(
    connect=CONNECT_TIMEOUT_S, read=READ_TIMEOUT_S, write=WRITE_TIMEOUT_S, pool=POOL_TIMEOUT_S
)
MAX_RESPONSE_BYTES: Final = 1024 * 1024
"""Largest body we read; the biggest legitimate answer (200 organizations) is well under 100 kB."""
MAX_PAGES: Final = 1000
"""Stop paging after this many pages: a server that never returns a short page must not loop us."""
NOT_CONFIGURED_CODE: Final = "not_found"
_HTTP_NOT_FOUND: Final = 404
HTTP_NO_CONTENT: Final = 204  # the contract's only success answer to DELETE
_FIRST_NON_SUCCESS: Final = 300

_OKTA: Final = TypeAdapter(OktaSettings)
_METHODS: Final = TypeAdapter(list[SsoMethod])
_ORGS: Final = TypeAdapter(list[Organization])


def _checked_api_key(api_key: str) -> str:
    try:
        return check_api_key(api_key)  # the stack config's rule, so config and client never disagree
    except ValueError as exc:
        raise PortalConfigurationError(f"the portal API key {exc} (value not shown)") from None


def _checked_base_url(base_url: str) -> httpx.URL:
    try:
        check_portal_api_url(base_url)  # https, or http to loopback only: the stack config's rule
    except ValueError as exc:
        raise PortalConfigurationError(f"the portal API URL {base_url!r} {exc}") from None
    try:
        url = httpx.URL(base_url)
    except httpx.InvalidURL as exc:
        raise PortalConfigurationError(f"the portal API URL {base_url!r} is not a valid URL") from exc
    if url.scheme not in {"http", "https"} or not url.host:
        raise PortalConfigurationError(f"the portal API URL {base_url!r} must be an http(s) URL with a host")
    return url


class PortalClient:
    """Typed calls to the partner portal; use as a context manager or call :meth:`close`."""

    def __init__(
        self,
        api_key: str,
        base_url: str = DEFAULT_BASE_URL,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy = DEFAULT_RETRY_POLICY,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
    ) -> None:
        self._api_key = _checked_api_key(api_key)
        self._base_url = _checked_base_url(base_url)
        self._timeout = timeout
        self._retry = retry
        self._sleep = sleep
        self._clock = clock
        self._rng = rng if rng is not None else random.SystemRandom()
        self._max_body = max_response_bytes
        self._http = httpx.Client(
            base_url=self._base_url,
            transport=transport,
            timeout=timeout,
            # No redirects: a redirected PUT would resend the secret to wherever the portal points.
            # trust_env stays on so HTTPS_PROXY / NO_PROXY / SSL_CERT_FILE work as operators expect.
            follow_redirects=False,
            headers={AUTH_HEADER: f"{API_KEY_SCHEME} {self._api_key}", "Accept": "application/json"},
        )

    def __repr__(self) -> str:
        return f"PortalClient(base_url={str(self._base_url)!r})"

    def __enter__(self) -> PortalClient:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close pooled connections."""
        self._http.close()

    # -- API ------------------------------------------------------------------------------------------

    def get_okta(self, organization: str) -> OktaSettings | None:
        """The organization's Okta settings, or ``None`` when Okta SSO is not configured."""
        path = format_path(OKTA_METHOD_PATH, organization)
        raw = self._call("GET", path, allow_not_configured=True)
        return None if raw is None else parse_body(raw, _OKTA, method="GET", path=path)

    def put_okta(self, organization: str, settings: OktaSettingsInput) -> OktaSettings:
        """Create or replace the Okta method (only it; other methods are untouched)."""
        path = format_path(OKTA_METHOD_PATH, organization)
        raw = self._call(
            "PUT", path, body=settings.to_wire(), secrets=(settings.client_secret.get_secret_value(),)
        )
        return parse_body(raw, _OKTA, method="PUT", path=path)

    def delete_okta(self, organization: str) -> bool:
        """Remove the Okta method; ``False`` when it was not configured (already gone counts as done)."""
        path = format_path(OKTA_METHOD_PATH, organization)
        raw = self._call("DELETE", path, allow_not_configured=True)
        if raw is None:
            return False
        if raw.status != HTTP_NO_CONTENT:
            # A 200 HTML page from a proxy is not a delete: claiming success would drop the resource
            # from state while the settings stay in the portal, managed by nobody.
            raise MalformedResponseError(
                method="DELETE", path=path, status=raw.status, reason="expected 204 No Content"
            )
        return True

    def list_methods(self, organization: str) -> list[SsoMethod]:
        """Every SSO method configured for the organization (secrets are never returned)."""
        path = format_path(SSO_METHODS_PATH, organization)
        raw = self._call("GET", path)
        return parse_body(raw, _METHODS, method="GET", path=path)

    def list_organizations(self, *, page_size: int = MAX_PAGE_LIMIT) -> list[Organization]:
        """All organizations this partner manages, following ``limit``/``offset`` pages."""
        if not 1 <= page_size <= MAX_PAGE_LIMIT:
            raise ValueError(f"page_size must be between 1 and {MAX_PAGE_LIMIT}")
        found: list[Organization] = []
        for _ in range(MAX_PAGES):
            raw = self._call("GET", ORGANIZATIONS_PATH, params={"limit": page_size, "offset": len(found)})
            page = parse_body(raw, _ORGS, method="GET", path=ORGANIZATIONS_PATH)
            found.extend(page)
            if len(page) < page_size:
                return found
        raise PortalTransportError(
            method="GET",
            path=ORGANIZATIONS_PATH,
            retryable=False,
            reason=f"still receiving full pages after {MAX_PAGES} pages",
        )

    # -- the retry loop -------------------------------------------------------------------------------

    @overload
    def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, int] | None = ...,
        body: dict[str, str] | None = ...,
        secrets: tuple[str, ...] = ...,
        allow_not_configured: Literal[False] = ...,
    ) -> RawResponse: ...

    @overload
    def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, int] | None = ...,
        body: dict[str, str] | None = ...,
        secrets: tuple[str, ...] = ...,
        allow_not_configured: Literal[True],
    ) -> RawResponse | None: ...

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, int] | None = None,
        body: dict[str, str] | None = None,
        secrets: tuple[str, ...] = (),
        allow_not_configured: bool = False,
    ) -> RawResponse | None:
        """One logical call with retries; 2xx -> response, 404 ``not_found`` -> ``None`` if allowed."""
        secrets = (self._api_key, *secrets)
        deadline = self._clock() + self._retry.total_timeout
        attempt = 0
        while True:
            attempt += 1
            remaining = max(deadline - self._clock(), 0.0)
            outcome = send_once(
                self._http,
                method,
                path,
                params=params,
                body=body,
                timeout=capped_timeout(self._timeout, remaining),
                max_body=self._max_body,
            )
            if isinstance(outcome, RawResponse):
                if outcome.status < _FIRST_NON_SUCCESS:
                    return outcome
                if (
                    allow_not_configured
                    and outcome.status == _HTTP_NOT_FOUND
                    and error_code(outcome) == NOT_CONFIGURED_CODE
                ):
                    return None
            retryable, retry_after, reason = describe(outcome)
            delay = self._retry.delay_before_retry(
                attempts_made=attempt,
                retryable=retryable,
                retry_after=retry_after,
                remaining=deadline - self._clock(),
                rng=self._rng,
            )
            if delay is None:
                raise final_error(outcome, method=method, path=path, attempts=attempt, secrets=secrets)
            logger.warning(
                "portal %s %s: %s; retry %d of at most %d in %.2f s",
                method,
                path,
                reason,
                attempt,
                self._retry.max_attempts - 1,
                delay,
            )
            self._sleep(delay)
