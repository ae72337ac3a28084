"""Every failure of a portal call, as one typed tree under :class:`components.errors.PortalError`.

    PortalError                            (components.errors)
    ├── PortalHTTPError                    non-2xx answer: status, code, api_message, method, path
    │   ├── AuthenticationError            401 - API key missing or wrong
    │   ├── PermissionDeniedError          403 - organization not managed by this partner
    │   ├── NotFoundError                  404 - organization_not_found / not_found
    │   ├── ValidationFailedError          422 - validation_failed, with ``fields``
    │   ├── RateLimitedError               429 - with ``retry_after`` seconds when sent
    │   └── ServerError                    5xx
    ├── PortalTransportError               no usable answer: connect, timeout, reset, protocol
    │   └── PortalTimeoutError             one of the httpx timeouts fired
    ├── MalformedResponseError             2xx (or error) body that is not JSON, wrong shape, too big
    ├── PortalConfigurationError           no API key / unusable base URL at run time
    └── OktaSettingsError                  a provider operation failed; names the organization

Why these carry only ``method`` and ``path`` and never the ``httpx.Request``: a request holds the
``Authorization`` header and the PUT body holds the client secret, and an exception is something that
gets printed, logged and pickled. Messages are built from method, path, status, API code and message.
"""

from __future__ import annotations

from typing import Any

from components.errors import PortalError

__all__ = [
    "AuthenticationError",
    "MalformedResponseError",
    "NotFoundError",
    "OktaSettingsError",
    "PermissionDeniedError",
    "PortalConfigurationError",
    "PortalError",
    "PortalHTTPError",
    "PortalTimeoutError",
    "PortalTransportError",
    "RateLimitedError",
    "ServerError",
    "ValidationFailedError",
    "error_class_for_status",
]


class _KeywordArgsError(PortalError):
    """Makes keyword-only constructors survive pickling (``BaseException`` replays ``args`` only)."""

    _init_kwargs: dict[str, Any]

    def _remember(self, **kwargs: Any) -> None:
        self._init_kwargs = kwargs

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self._init_kwargs))


def _rebuild(cls: type[_KeywordArgsError], kwargs: dict[str, Any]) -> _KeywordArgsError:
    return cls(**kwargs)


def _attempts_note(attempts: int) -> str:
    return f" (after {attempts} attempts)" if attempts > 1 else ""


class PortalHTTPError(_KeywordArgsError):
    """The portal answered with a non-2xx status; ``code``/``api_message`` come from its error body."""

    def __init__(
        self,
        *,
        method: str,
        path: str,
        status: int,
        code: str,
        api_message: str,
        attempts: int = 1,
        fields: dict[str, str] | None = None,
        retry_after: float | None = None,
    ) -> None:
        self._remember(
            method=method,
            path=path,
            status=status,
            code=code,
            api_message=api_message,
            attempts=attempts,
            fields=fields,
            retry_after=retry_after,
        )
        self.method = method
        self.path = path
        self.status = status
        self.code = code
        self.api_message = api_message
        self.attempts = attempts
        self.fields = dict(fields or {})
        self.retry_after = retry_after
        detail = f"{code}: {api_message}" if api_message else code
        extra = "".join(f"; {name}: {reason}" for name, reason in sorted(self.fields.items()))
        note = _attempts_note(attempts)
        super().__init__(f"{method} {path} failed with HTTP {status} {detail}{extra}{note}")

    def __repr__(self) -> str:
        return f"{type(self).__name__}(method={self.method!r}, path={self.path!r}, status={self.status})"


class AuthenticationError(PortalHTTPError):
    """401: the API key is missing or not accepted."""


class PermissionDeniedError(PortalHTTPError):
    """403: the organization exists but is not managed by this partner."""


class NotFoundError(PortalHTTPError):
    """404: ``organization_not_found`` or ``not_found`` (method not configured)."""


class ValidationFailedError(PortalHTTPError):
    """422: the portal rejected the body; ``fields`` maps field name to reason."""


class RateLimitedError(PortalHTTPError):
    """429: too many requests; ``retry_after`` holds the server's hint in seconds, if any."""


class ServerError(PortalHTTPError):
    """5xx: the portal failed."""


_BY_STATUS: dict[int, type[PortalHTTPError]] = {
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    422: ValidationFailedError,
    429: RateLimitedError,
}


def error_class_for_status(status: int) -> type[PortalHTTPError]:
    """The most specific :class:`PortalHTTPError` subclass for ``status``."""
    if status >= 500:  # noqa: PLR2004 - HTTP class boundary
        return ServerError
    return _BY_STATUS.get(status, PortalHTTPError)


class PortalTransportError(_KeywordArgsError):
    """No usable HTTP answer (connect refused, reset, timeout, protocol violation)."""

    def __init__(self, *, method: str, path: str, reason: str, retryable: bool, attempts: int = 1) -> None:
        self._remember(method=method, path=path, reason=reason, retryable=retryable, attempts=attempts)
        self.method = method
        self.path = path
        self.reason = reason
        self.retryable = retryable
        self.attempts = attempts
        super().__init__(f"{method} {path} failed: {reason}{_attempts_note(attempts)}")

    def __repr__(self) -> str:
        return f"{type(self).__name__}(method={self.method!r}, path={self.path!r}, reason={self.reason!r})"


class PortalTimeoutError(PortalTransportError):
    """An httpx connect/read/write/pool timeout fired."""


class MalformedResponseError(_KeywordArgsError):
    """The answer could not be used: not JSON, not the contract's shape, or larger than the cap."""

    def __init__(self, *, method: str, path: str, status: int, reason: str) -> None:
        self._remember(method=method, path=path, status=status, reason=reason)
        self.method = method
        self.path = path
        self.status = status
        self.reason = reason
        super().__init__(f"{method} {path} returned an unusable HTTP {status} response: {reason}")

    def __repr__(self) -> str:
        return f"{type(self).__name__}(method={self.method!r}, path={self.path!r}, status={self.status})"


class PortalConfigurationError(PortalError):
    """The provider cannot reach the portal as configured (no API key, bad base URL)."""


class OktaSettingsError(_KeywordArgsError):
    """A provider operation on one organization's Okta SSO settings failed; wraps the cause."""

    def __init__(self, *, operation: str, organization: str, reason: str) -> None:
        self._remember(operation=operation, organization=organization, reason=reason)
        self.operation = operation
        self.organization = organization
        super().__init__(
            f"{operation} of the portal Okta SSO settings for organization {organization!r} failed: {reason}"
        )
