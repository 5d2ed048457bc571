"""The project's own error types: every problem names where it is, the bad value and what is expected."""

from __future__ import annotations

from dataclasses import dataclass

from offersheet.spec.words import describe

__all__ = ["InputError", "OffersheetError", "Problem", "describe"]


@dataclass(frozen=True)
class Problem:
    """One bad input: which field, where (sheet and cell when known), the value, what is expected."""

    field: str
    value: object
    expected: str
    where: str = ""

    def __str__(self) -> str:
        place = f"{self.where}: " if self.where else ""
        return f"{place}{self.field} = {describe(self.value)}: expected {self.expected}"


class OffersheetError(Exception):
    """Base class for every error offersheet raises on purpose."""


class InputError(OffersheetError, ValueError):
    """One or more inputs are invalid. ``problems`` lists every one found, not only the first."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        lines = [str(p) for p in self.problems]
        head = lines[0] if len(lines) == 1 else f"{len(lines)} problems:\n  " + "\n  ".join(lines)
        super().__init__(head)
