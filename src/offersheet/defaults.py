"""The package's default reference data and company ratings, read from ``offersheet/data``.

Read once per process and cached: UDFs call these on every recalculation.
"""

from __future__ import annotations

import csv
import io
import tomllib
from functools import cache
from importlib import resources

from offersheet.model.inputs import Company, CriterionRating
from offersheet.model.reference import Reference
from offersheet.ratings import as_published, to_0_100


def _text(name: str) -> str:
    return resources.files("offersheet.data").joinpath(name).read_text(encoding="utf-8")


def read_rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_text(name))))


@cache
def raw_parameters() -> dict:  # type: ignore[type-arg]
    return tomllib.loads(_text("parameters.toml"))


@cache
def default_reference() -> Reference:
    return Reference.from_rows(
        read_rows("roles.csv"),
        read_rows("employer_kinds.csv"),
        read_rows("work_sharing.csv"),
        read_rows("criteria.csv"),
        raw_parameters(),
    )


def rating_from_row(row: dict[str, str]) -> CriterionRating:
    return CriterionRating(
        criterion=row["criterion"],
        value=to_0_100(row.get("grade", ""), row.get("raw_value", ""), row.get("scale", "")),
        source=row.get("source", ""),
        edition=row.get("edition", ""),
        as_of=row.get("as_of", ""),
        raw=as_published(row.get("grade", ""), row.get("raw_value", ""), row.get("scale", "")),
        note=row.get("note", ""),
    )


@cache
def default_companies() -> dict[str, Company]:
    ratings: dict[str, list[CriterionRating]] = {}
    for row in read_rows("companies.csv"):
        ratings.setdefault(row["company"], []).append(rating_from_row(row))
    out = {}
    for row in read_rows("company_list.csv"):
        rs = ratings.get(row["company"], [])
        overall = next((r for r in rs if r.criterion == "overall"), None)
        out[row["company"]] = Company(
            name=row["company"],
            employer_kind=row["employer_kind"],
            ratings=tuple(r for r in rs if r.criterion != "overall"),
            overall=overall,
            aliases=tuple(a.strip() for a in row["aliases"].split(";") if a.strip()),
        )
    return out
