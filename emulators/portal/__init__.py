"""A local stand-in for the NordLayer partner portal API (see ``docs/portal-contract.md``).

``create_app(PortalState(...))`` builds the FastAPI app; ``EmulatorControl`` drives its control API;
``python -m emulators.portal`` serves it or dumps its OpenAPI document.
"""

from __future__ import annotations

from emulators.portal.app import PortalEmulatorApp, create_app
from emulators.portal.faults import FaultKind, FaultSpec
from emulators.portal.remote import EmulatorControl
from emulators.portal.state import DEFAULT_API_KEY, DEFAULT_PARTNER, OTHER_PARTNER, PortalState

__all__ = [
    "DEFAULT_API_KEY",
    "DEFAULT_PARTNER",
    "OTHER_PARTNER",
    "EmulatorControl",
    "FaultKind",
    "FaultSpec",
    "PortalEmulatorApp",
    "PortalState",
    "create_app",
]
