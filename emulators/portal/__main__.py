"""``python -m emulators.portal``: serve the portal emulator, or dump its OpenAPI document.

python -m emulators.portal --port 8401 [--state-file F] [--api-key K] [--seed-orgs a,b]
python -m emulators.portal --dump-openapi [docs/portal-openapi.json]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from emulators.portal.app import PortalEmulatorApp, create_app
from emulators.portal.openapi import render_openapi
from emulators.portal.state import DEFAULT_API_KEY, PortalState
from emulators.serve import run_cli

__all__ = ["main"]


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--state-file", type=Path, help="load/save organizations in this JSON file")
    parser.add_argument("--api-key", default=DEFAULT_API_KEY, help="the partner API key to accept")
    parser.add_argument("--seed-orgs", default="", help="comma-separated organization identifiers")
    parser.add_argument(
        "--dump-openapi",
        nargs="?",
        metavar="PATH",
        help="print (or write to PATH) the OpenAPI document and exit",
    )


def _build(args: argparse.Namespace) -> PortalEmulatorApp:
    seeds = [s.strip() for s in str(args.seed_orgs).split(",") if s.strip()]
    return create_app(PortalState(api_key=args.api_key, state_file=args.state_file, seed_orgs=seeds))


def main(argv: list[str] | None = None) -> None:
    """Entry point; ``--dump-openapi`` is handled before ``run_cli``, which requires ``--port``."""
    argv = list(sys.argv[1:] if argv is None else argv)
    dump = argparse.ArgumentParser(add_help=False)
    dump.add_argument("--dump-openapi", nargs="?", const="-", default=None)
    known, rest = dump.parse_known_args(argv)
    if known.dump_openapi is None:
        run_cli("NordLayer partner portal emulator", _build, _add_arguments, rest)
        return
    text = render_openapi()
    if known.dump_openapi == "-":
        sys.stdout.write(text)
    else:
        Path(known.dump_openapi).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
