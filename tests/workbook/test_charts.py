"""The charts as written: the scores on Report sized to the offers evaluated, apart by direction, with the
employers as text; the lock-in chart in the home currency, its savings line and zero lines apart from the axis."""

from __future__ import annotations

import posixpath
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
import pytest

from offersheet.spec.outputs import BY_KEY, CHART, WORSE_WHEN_HIGHER, outputs
from offersheet.workbook import evaluate_workbook, new_workbook
from offersheet.workbook.measure import text_points
from offersheet.workbook.plan import CHART_TITLE_POINTS, SAVINGS_LINE

WORKBOOKS = Path(__file__).parent.parent.parent / "workbooks"
NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "p": "http://schemas.openxmlformats.org/package/2006/relationships",
}
EMU_CM = 360_000


def _rels(z: zipfile.ZipFile, part: str) -> dict[str, str]:
    folder, name = posixpath.split(part)
    rels = ET.fromstring(z.read(f"{folder}/_rels/{name}.rels"))

    def resolve(target: str) -> str:  # absolute (openpyxl writes those) or relative to the part's folder
        return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))

    return {r.get("Id"): resolve(r.get("Target")) for r in rels}


def charts_of(path: Path, sheet: str) -> list[tuple[float, ET.Element]]:
    """The charts on a sheet: (width in cm, the chart's XML), through the sheet's drawing."""
    with zipfile.ZipFile(path) as z:
        book = ET.fromstring(z.read("xl/workbook.xml"))
        rid = next(s.get(f"{{{NS['r']}}}id") for s in book.iter(f"{{{NS['m']}}}sheet") if s.get("name") == sheet)
        part = _rels(z, "xl/workbook.xml")[rid]
        drawing = ET.fromstring(z.read(part)).find("m:drawing", NS)
        if drawing is None:
            return []
        drawing_part = _rels(z, part)[drawing.get(f"{{{NS['r']}}}id")]
        targets = _rels(z, drawing_part)
        out = []
        for anchor in ET.fromstring(z.read(drawing_part)):
            ext = anchor.find("xdr:ext", NS)
            chart = anchor.find(".//c:chart", NS)
            out.append((int(ext.get("cx")) / EMU_CM, ET.fromstring(z.read(targets[chart.get(f"{{{NS['r']}}}id")]))))
        return out


def _title(chart: ET.Element) -> str:
    return "".join(t.text or "" for t in chart.find("c:chart/c:title", NS).iter(f"{{{NS['a']}}}t"))


def _cells(ws, ref: str) -> list:
    """The values of a reference like 'Report'!$D$50:$F$50."""
    area = ref.split("!")[1].replace("$", "")
    return (
        [c.value for row in ws[area] for c in (row if isinstance(row, tuple) else (row,))]
        if ":" in area
        else [ws[area].value]
    )


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory) -> Path:
    path = Path(shutil.copy(WORKBOOKS / "example-offers.xlsx", tmp_path_factory.mktemp("charts") / "x.xlsx"))
    evaluate_workbook(path)
    return path


def test_the_template_charts_nothing_and_comparison_never():
    """Nothing to chart before an evaluation; the scores are charted on Report, as of the last evaluation, never
    beside Comparison's live results."""
    assert charts_of(WORKBOOKS / "offersheet-template.xlsx", "Report") == []
    assert charts_of(WORKBOOKS / "example-offers.xlsx", "Comparison") == []


def test_scores_are_charted_apart_by_direction_with_the_employers_as_text(evaluated):
    """No chart mixes bars that are good tall with bars that are bad tall; each series is named by a label cell
    (no key, no scale); the categories are the employers, read as text, and sit below the plot."""
    report = openpyxl.load_workbook(evaluated)["Report"]
    bars = {_title(c): c for _, c in charts_of(evaluated, "Report")}
    assert set(bars) == {"Better when higher", "Worse when higher"}
    shown = {}
    for title, chart in bars.items():
        assert chart.find(".//c:catAx/c:tickLblPos", NS).get("val") == "low", title
        keys = []
        for ser in chart.iter(f"{{{NS['c']}}}ser"):
            (name,) = _cells(report, ser.find("c:tx/c:strRef/c:f", NS).text)
            row = report[ser.find("c:tx/c:strRef/c:f", NS).text.split("!")[1].replace("$", "")].row
            keys.append(report.cell(row, 1).value)
            assert name == BY_KEY[keys[-1]].label.split(" (")[0], name
            assert ser.find("c:cat/c:numRef", NS) is None
            assert _cells(report, ser.find("c:cat/c:strRef/c:f", NS).text) == [
                "OpenAI",
                "UK AI Security Institute",
                "Anthropic",
            ]
        shown[title] = set(keys)
    assert shown["Worse when higher"] == set(WORSE_WHEN_HIGHER)
    assert shown["Better when higher"] == {o.key for o in outputs(CHART)} - WORSE_WHEN_HIGHER


def test_score_charts_are_sized_to_the_offers_and_their_titles(tmp_path):
    """One offer, three, six: the charts grow with the offers, and are never narrower than their title on one
    line or their legend's names."""
    offer = {
        "employer": "Anthropic",
        "role_category": "security",
        "employer_kind": "frontier_lab",
        "base_salary": 200_000,
    }
    widths = []
    for n in (1, 3, 6):
        path = new_workbook(tmp_path / f"{n}.xlsx", [{**offer, "employer": f"Lab {i}"} for i in range(n)])
        evaluate_workbook(path)
        report = openpyxl.load_workbook(path)["Report"]
        charts = {_title(c): (cm, c) for cm, c in charts_of(path, "Report")}
        for title, (cm, chart) in charts.items():
            assert text_points(title, bold=True, size=CHART_TITLE_POINTS) / 72 * 2.54 < cm - 1, (n, title)
            assert chart.find("c:chart/c:title//a:defRPr", NS).get("sz") == str(CHART_TITLE_POINTS * 100)
            cat = next(chart.iter(f"{{{NS['c']}}}cat")).find("c:strRef/c:f", NS).text
            assert _cells(report, cat) == [f"Lab {i}" for i in range(n)]  # a category per offer, no empty ones
        widths.append(charts["Better when higher"][0])
    assert widths[0] <= widths[1] < widths[2]


def test_the_lockin_chart_is_in_the_home_currency_its_savings_line_apart(evaluated, tmp_path):
    ((cm, chart),) = charts_of(evaluated, "Lock-in")
    assert cm >= 24  # a page wide: legible printed
    value_axis = chart.find(".//c:valAx", NS)
    assert "$" in value_axis.find("c:numFmt", NS).get("formatCode")
    assert "(USD)" in "".join(t.text for t in value_axis.find("c:title", NS).iter(f"{{{NS['a']}}}t"))
    # the month axis draws no line of its own, so an offer with nothing to forfeit shows on zero in its colour
    assert _month_axis(chart).find("c:spPr/a:ln/a:noFill", NS) is not None
    lines = [ser.find("c:spPr/a:ln", NS) for ser in chart.iter(f"{{{NS['c']}}}ser")]
    savings = lines[-1]
    assert savings.find("a:solidFill/a:srgbClr", NS).get("val") == SAVINGS_LINE.colour
    assert int(savings.get("w")) > max(int(ln.get("w")) for ln in lines[:-1])
    assert SAVINGS_LINE.colour not in {ln.find("a:solidFill/a:srgbClr", NS).get("val") for ln in lines[:-1]}
    # in another home currency, its symbol
    path = new_workbook(
        tmp_path / "gbp.xlsx",
        [
            {
                "employer": "Anthropic",
                "role_category": "security",
                "employer_kind": "frontier_lab",
                "base_salary": 200_000,
            }
        ],
        {"home_currency": "GBP"},
    )
    evaluate_workbook(path)
    ((_, chart),) = charts_of(path, "Lock-in")
    assert "£" in chart.find(".//c:valAx/c:numFmt", NS).get("formatCode")


def _month_axis(chart: ET.Element) -> ET.Element:
    (axis,) = [ax for ax in chart.iter(f"{{{NS['c']}}}valAx") if ax.find("c:axPos", NS).get("val") == "b"]
    return axis


def test_the_lockin_chart_labels_the_months_every_half_year(evaluated):
    """LibreOffice labels every category of a line chart (it ignores tickLblSkip): 49 months ran together. The
    chart is a scatter of lines over the months as numbers, its month axis from the first to the last month
    with a label every six, which both applications honour; every series reads its x values from the Month
    column and its y values from its own, named by its header."""
    ((_, chart),) = charts_of(evaluated, "Lock-in")
    lockin = openpyxl.load_workbook(evaluated)["Lock-in"]
    plot = chart.find("c:chart/c:plotArea", NS)
    assert plot.find("c:lineChart", NS) is None and plot.find("c:catAx", NS) is None
    scatter = plot.find("c:scatterChart", NS)
    assert scatter.find("c:scatterStyle", NS).get("val") == "lineMarker"
    months = [c.value for c in lockin["A"][1:] if isinstance(c.value, int)]
    assert months == list(range(len(months))) and len(months) == 49
    axis = _month_axis(chart)
    scaling = axis.find("c:scaling", NS)
    assert (scaling.find("c:min", NS).get("val"), scaling.find("c:max", NS).get("val")) == ("0", "48")
    assert axis.find("c:majorUnit", NS).get("val") == "6"
    assert axis.find("c:tickLblPos", NS).get("val") == "low"
    assert {ax.find("c:axId", NS).get("val") for ax in plot.findall("c:valAx", NS)} == {
        a.get("val") for a in scatter.findall("c:axId", NS)
    }
    series = scatter.findall("c:ser", NS)
    assert len(series) == lockin.max_column - 1
    for ser in series:
        assert ser.find("c:marker/c:symbol", NS).get("val") == "none"
        assert _cells(lockin, ser.find("c:xVal/c:numRef/c:f", NS).text) == months
        (name,) = _cells(lockin, ser.find("c:tx/c:strRef/c:f", NS).text)
        assert name in [c.value for c in lockin[1]]
        assert len(_cells(lockin, ser.find("c:yVal/c:numRef/c:f", NS).text)) == len(months)
