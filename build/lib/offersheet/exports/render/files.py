"""Writing one export file atomically (through ``offersheet.atomic``, like every file offersheet writes)."""

from __future__ import annotations

from pathlib import Path

from offersheet.atomic import atomic_write


def write_text(target: Path, text: str) -> Path:
    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    return atomic_write(target, write)


def write_bytes(target: Path, data: bytes) -> Path:
    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    return atomic_write(target, write)
