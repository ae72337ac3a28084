"""A local emulator of the part of Okta's management API that the okta Pulumi plugin and our program use.

Run it with ``python -m emulators.okta --port N`` or, in tests, ``serve_in_thread(create_app(state))``.
Point the okta provider at it with ``httpProxy: http://127.0.0.1:N`` (see ``__main__`` for the rest).

Modules: ``state`` (the org, persistence), ``oidc``/``shapes`` (JSON shapes), ``apps``,
``assignments``, ``directory``, ``authz`` (route tables), ``control`` (``/_emulator``), ``middleware``
(absolute-form request lines, faults, SSWS check, log), ``server`` (the app factory).
"""

from __future__ import annotations

from emulators.okta.server import create_app
from emulators.okta.state import DEFAULT_SERVER_ID, EmulatorSettings, OktaState

__all__ = ["DEFAULT_SERVER_ID", "EmulatorSettings", "OktaState", "create_app"]
