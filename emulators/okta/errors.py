"""Okta's error envelope, and the one exception the emulator's handlers raise to produce it.

Every non-2xx answer the emulator gives under ``/api`` has Okta's shape::

    {"errorCode": "E0000007", "errorSummary": "Not found: Resource not found: 0oa... (AppInstance)",
     "errorLink": "E0000007", "errorId": "oae...", "errorCauses": [{"errorSummary": "..."}]}

The Go SDKs the okta plugin uses decode exactly these keys, and print ``errorSummary`` and the causes.
"""

from __future__ import annotations

from typing import Any

from emulators.okta.ids import new_error_id

__all__ = [
    "DEFAULT_ERRORS",
    "OktaError",
    "error_body",
    "forbidden_delete_active_app",
    "invalid_search",
    "invalid_token",
    "malformed_body",
    "method_not_allowed",
    "not_found",
    "rate_limited",
    "validation_failed",
]

# Status -> (errorCode, errorSummary) used when a fault is injected without its own code.
DEFAULT_ERRORS: dict[int, tuple[str, str]] = {
    400: ("E0000001", "Api validation failed"),
    401: ("E0000011", "Invalid token provided"),
    403: ("E0000006", "You do not have permission to perform the requested action"),
    404: ("E0000007", "Not found: Resource not found"),
    405: ("E0000022", "The endpoint does not support the provided HTTP method"),
    429: ("E0000047", "API call exceeded rate limit due to too many requests."),
    500: ("E0000009", "Internal Server Error"),
    503: ("E0000010", "Service is temporarily unavailable"),
}


class OktaError(Exception):
    """An Okta API error: the HTTP status plus the fields of Okta's error envelope."""

    def __init__(self, status: int, code: str, summary: str, causes: list[str] | None = None) -> None:
        super().__init__(f"{status} {code}: {summary}")
        self.status = status
        self.code = code
        self.summary = summary
        self.causes = list(causes or [])

    def body(self) -> dict[str, Any]:
        return error_body(self.code, self.summary, self.causes)


def error_body(code: str, summary: str, causes: list[str] | None = None) -> dict[str, Any]:
    return {
        "errorCode": code,
        "errorSummary": summary,
        "errorLink": code,
        "errorId": new_error_id(),
        "errorCauses": [{"errorSummary": cause} for cause in causes or []],
    }


def not_found(resource_id: str, kind: str) -> OktaError:
    """Okta names the missing id and its internal type, e.g. ``(AppInstance)`` or ``(UserGroup)``."""
    return OktaError(404, "E0000007", f"Not found: Resource not found: {resource_id} ({kind})")


def validation_failed(field: str, causes: list[str]) -> OktaError:
    return OktaError(400, "E0000001", f"Api validation failed: {field}", causes)


def malformed_body() -> OktaError:
    return OktaError(400, "E0000003", "The request body was not well-formed.")


def invalid_search(detail: str) -> OktaError:
    return OktaError(400, "E0000031", "Invalid search criteria.", [detail])


def invalid_token() -> OktaError:
    return OktaError(401, "E0000011", "Invalid token provided")


def forbidden_delete_active_app() -> OktaError:
    return OktaError(
        403,
        "E0000056",
        "Delete application forbidden.",
        ["The application must be deactivated before it can be deleted."],
    )


def method_not_allowed() -> OktaError:
    return OktaError(405, "E0000022", "The endpoint does not support the provided HTTP method")


def rate_limited() -> OktaError:
    return OktaError(429, "E0000047", "API call exceeded rate limit due to too many requests.")
