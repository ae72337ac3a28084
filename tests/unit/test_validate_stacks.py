"""The offline stack-file check that CI and the sandbox run before any engine does."""

from __future__ import annotations

from pathlib import Path

from scripts.validate_stacks import main, validate_stack_file

REPO = Path(__file__).resolve().parents[2]


def test_every_committed_stack_file_is_valid() -> None:
    assert main([str(REPO / "stacks")]) == 0


def test_encrypted_values_count_as_present_even_nested(tmp_path: Path) -> None:
    stack = tmp_path / "Pulumi.s.yaml"
    stack.write_text(
        "config:\n"
        "  nordlayer-okta-sso:portalApiKey:\n    secure: v1:abc\n"
        "  nordlayer-okta-sso:organizations:\n"
        "    - partnerIdentifier: acme\n"
        "      existingApp:\n        clientId: 0oa1\n        clientSecret:\n          secure: v1:def\n",
        encoding="utf-8",
    )
    assert validate_stack_file(stack) == []


def test_a_bad_stack_file_fails_with_each_problem(tmp_path: Path) -> None:
    (tmp_path / "Pulumi.bad.yaml").write_text(
        "config:\n  nordlayer-okta-sso:organizations:\n    - partnerIdentifier: a b\n      grups: []\n",
        encoding="utf-8",
    )
    problems = validate_stack_file(tmp_path / "Pulumi.bad.yaml")
    assert any(p.startswith("organizations[0].partnerIdentifier:") for p in problems)
    assert any(p.startswith("organizations[0].grups: unknown key") for p in problems)
    assert main([str(tmp_path)]) == 1


def test_an_empty_stack_dir_is_an_error(tmp_path: Path) -> None:
    assert main([str(tmp_path)]) == 1
