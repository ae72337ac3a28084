"""Values the end-to-end tests share: credentials, organizations and the Okta org they run against.

The API key and token are long and distinctive on purpose: every command's output is searched for them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from tests.e2e.harness import E2EStack

__all__ = [
    "API_KEY",
    "CLIENT_IDS",
    "OKTA_BASE_URL",
    "OKTA_HOST",
    "OKTA_ORG_NAME",
    "OKTA_TOKEN",
    "ORGS",
    "PASSPHRASE",
    "NewStack",
]

API_KEY: Final = "nlk-E2E-portal-api-key-5c21-do-not-leak"
OKTA_TOKEN: Final = "00e2e-okta-api-token-0b7d"
PASSPHRASE: Final = "e2e-passphrase"
ORGS: Final = ("acme-corp", "globex-eu")
CLIENT_IDS: Final = {"acme-corp": "0oae2eacmecorp000001", "globex-eu": "0oae2eglobexeu000001"}
OKTA_ORG_NAME: Final = "e2e"
OKTA_BASE_URL: Final = "okta.example"
OKTA_HOST: Final = f"{OKTA_ORG_NAME}.{OKTA_BASE_URL}"

NewStack = Callable[..., E2EStack]
"""``new_stack(organizations=..., client_secrets=..., name=...)``: the fixture that builds a configured stack;
``name`` keeps several stacks of one test in separate project copies and backends."""
