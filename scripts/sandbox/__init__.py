"""The local sandbox: the real Pulumi engine deploying the ``sandbox`` stack against local emulators.

``bash scripts/sandbox.sh`` sets up the venv and runs ``python -m scripts.sandbox``. Modules:
``pulumi_cli`` (the hermetic CLI runner, shared with ``tests/e2e``), ``okta_apps`` (Okta app
seeding over the management API, shared too), ``processes`` (emulators as background processes),
``stack_config``, ``seed``, ``report``, ``timing``, ``settings``, ``errors`` and ``__main__`` (the
phases).
"""
