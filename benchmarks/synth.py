"""Whole-program cost per organization under Pulumi's mocks, for 1, 10, 100 and 500 organizations.

Targets (issue 2): the per-organization cost at 500 within 1.5x of that at 10, and 500 organizations
in under 10 s on the 2-core CI machine. Prints the figures and ratios; exits 1 when a target is missed.
Run: .venv/bin/python -m benchmarks.synth
"""

from __future__ import annotations

import os
import sys
import time

from components.config import load_stack_config
from components.program import declare_organizations, export_organizations
from tests.support.pulumi_mocks import FakeOkta, install_mocks, resolve

SIZES = (1, 10, 100, 500)
GROUPS = ("Engineering", "Support")
RATIO_TARGET = 1.5
SECONDS_TARGET_AT_500 = 10.0


def run_program(count: int) -> float:
    """Seconds for the program to declare ``count`` organizations and the mocked engine to settle."""
    okta = FakeOkta(groups={g: f"00g{i}" for i, g in enumerate(GROUPS)})
    install_mocks(okta)
    raw = {
        "organizations": [
            {"partnerIdentifier": f"org-{i:04d}", "groups": list(GROUPS), "authorizationServer": "partners"}
            for i in range(count)
        ],
        "oktaDomain": "acme.okta.com",
    }
    started = time.perf_counter()
    components = declare_organizations(load_stack_config(raw, {}))
    export_organizations(components)
    for sso in components.values():
        resolve(sso.portal_settings.id)
        for assignment in sso.group_assignments:
            resolve(assignment.id)
    return time.perf_counter() - started


def main() -> int:
    os.environ.setdefault("NORDLAYER_API_KEY", "benchmark-key")
    run_program(5)  # warm imports and the event loop so the first size is not charged for them
    per_org: dict[int, float] = {}
    print(f"{'organizations':>13}  {'total s':>8}  {'ms / org':>9}")
    for size in SIZES:
        total = run_program(size)
        per_org[size] = total / size
        print(f"{size:>13}  {total:>8.3f}  {per_org[size] * 1000:>9.2f}")
    ratio = per_org[500] / per_org[10]
    total_500 = per_org[500] * 500
    print(f"per-org cost ratio 500/10: {ratio:.2f} (target <= {RATIO_TARGET})")
    print(f"500 organizations: {total_500:.2f} s (target < {SECONDS_TARGET_AT_500} s)")
    return 0 if ratio <= RATIO_TARGET and total_500 < SECONDS_TARGET_AT_500 else 1


if __name__ == "__main__":
    sys.exit(main())
