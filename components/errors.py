"""The project's one error root.

Every error this project raises on purpose derives from :class:`NordlayerSsoError`, so callers
(the Pulumi program, the dynamic provider host, tests) can tell "our diagnosis" apart from a bug::

    NordlayerSsoError
    ├── ConfigError            stack configuration rejected (every problem with its path)
    ├── OktaLookupError        a group or authorization server named in config is not in Okta
    └── PortalError            anything that went wrong talking to the portal
        └── ...                (the tree lives in components.portal.errors)

Messages never carry a secret: no client secret, no API key, no Okta token.
"""

from __future__ import annotations

__all__ = ["ConfigError", "NordlayerSsoError", "OktaLookupError", "PortalError"]


class NordlayerSsoError(Exception):
    """Root of every error this project raises deliberately."""


class ConfigError(NordlayerSsoError):
    """The stack configuration is invalid; ``problems`` lists ``path: message`` lines."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        header = f"invalid stack configuration ({count} problem{'s' if count != 1 else ''}):"
        super().__init__("\n".join([header, *(f"  - {p}" for p in self.problems)]))


class OktaLookupError(NordlayerSsoError):
    """Something the config names (a group, an authorization server, the org itself) was not found."""


class PortalError(NordlayerSsoError):
    """Base of every portal failure; subclasses live in ``components.portal.errors``."""
