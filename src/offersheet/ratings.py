"""Turning published ratings into 0-100 values, by one documented rule per scale.

- FLI AI Safety Index letter grades use the US GPA scale (A=4, B=3, C=2, D=1, F=0; a plus adds 0.3,
  a minus takes 0.3 away, A+ is capped at 4): value = GPA / 4 * 100. A numeric GPA, when published,
  is used as is.
- Percentages (SaferAI 2025, AI Lab Watch) are used as they are.
- A 0-5 score (SaferAI's company pages) is multiplied by 20.

``as_published`` is how a rating reads in words, as its source prints it: "C+", "0%", "1.8/5".
"""

from __future__ import annotations

_LETTER = {"A": 4.0, "B": 3.0, "C": 2.0, "D": 1.0, "F": 0.0}


def gpa_from_grade(grade: str) -> float | None:
    g = grade.strip().upper()
    if not g or g[0] not in _LETTER:
        return None
    base = _LETTER[g[0]]
    if g[0] == "F":
        return 0.0
    if g[1:] == "+":
        return min(4.0, base + 0.3)
    if g[1:] == "-":
        return base - 0.3
    return base if g[1:] == "" else None


def as_published(grade: str, raw: str, scale: str) -> str:
    """A rating as its source prints it: the letter grade when there is one, else the number with its scale."""
    grade, raw, scale = grade.strip(), raw.strip(), scale.strip()
    if grade or not raw:
        return grade
    return f"{raw}%" if scale == "percent" else f"{raw}/5" if scale == "0-5" else raw


def to_0_100(grade: str, raw: str, scale: str) -> float | None:
    """The 0-100 value of a published rating, or None where nothing usable was published."""
    raw = raw.strip()
    if scale.startswith("letter"):
        gpa = float(raw) if raw else gpa_from_grade(grade)
        return None if gpa is None else round(gpa / 4 * 100, 2)
    if scale == "percent" and raw:
        return float(raw)
    if scale == "0-5" and raw:
        return float(raw) * 20
    return None
