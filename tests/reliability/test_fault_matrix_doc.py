"""``docs/fault-matrix.md`` is the rendering of the table the matrix tests run, byte for byte."""

from __future__ import annotations

from pathlib import Path

from scripts.fault_matrix import COMMAND, render

from .fault_table import CELLS, FAULTS, OPERATIONS, Result

DOC = Path(__file__).resolve().parents[2] / "docs" / "fault-matrix.md"


def test_the_committed_matrix_is_the_rendered_table() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), f"regenerate it: {COMMAND}"


def test_every_operation_meets_every_fault_and_retryable_ones_twice() -> None:
    for operation in OPERATIONS:
        for fault in FAULTS:
            variants = [c.variant for c in CELLS if c.operation == operation and c.fault == fault]
            assert len(variants) == (2 if fault.retryable else 1)
    assert len({cell.id for cell in CELLS}) == len(CELLS)


def test_only_the_contract_meaning_of_not_found_is_neither_success_nor_failure() -> None:
    answered = {cell.id for cell in CELLS if cell.outcome.result is Result.ANSWERED}
    assert answered == {"read.GET-404-not-found-transient", "delete.DELETE-404-not-found-transient"}
