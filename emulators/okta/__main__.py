"""``python -m emulators.okta --port N [--api-token T] [--state-file F] [--seed-groups "A,B"] ...``

Provider settings that reach it (the plugin uses ``http_proxy`` as the org URL and as its proxy)::

    okta:orgName    emulator          # required by the provider, unused once httpProxy is set
    okta:baseUrl    okta.local
    okta:apiToken   <T>               # any non-empty token when --api-token is not given
    okta:httpProxy  http://127.0.0.1:N
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fastapi import FastAPI

from emulators.okta.server import create_app
from emulators.okta.state import PIPELINES, EmulatorSettings, OktaState
from emulators.serve import run_cli

__all__ = ["build_app", "main"]


def _names(raw: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in raw.split(",") if name.strip())


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--api-token", default=None, help="the only SSWS token accepted (default: any)")
    parser.add_argument("--state-file", type=Path, default=None, help="load from and save to this JSON file")
    parser.add_argument("--seed-groups", type=_names, default=(), help="comma-separated OKTA_GROUP names")
    parser.add_argument(
        "--seed-auth-servers",
        type=_names,
        default=(),
        help="comma-separated custom authorization server names ('default' always exists)",
    )
    parser.add_argument(
        "--pipeline",
        choices=PIPELINES,
        default="idx",
        help="idx = Identity Engine (apps get the default access policy), v1 = Classic",
    )
    parser.add_argument(
        "--org-url",
        default=None,
        help="org URL used in issuers and links (default: http://<listen address>:<port>)",
    )


def build_app(args: argparse.Namespace) -> FastAPI:
    settings = EmulatorSettings(
        api_token=args.api_token,
        pipeline=args.pipeline,
        org_url=args.org_url,
        state_file=args.state_file,
        seed_groups=args.seed_groups,
        seed_auth_servers=args.seed_auth_servers,
    )
    return create_app(OktaState(settings))


def main(argv: list[str] | None = None) -> None:
    run_cli("Okta management API emulator", build_app, add_arguments, argv)


if __name__ == "__main__":
    main()
