"""The drawing parts offersheet writes whole: charts (lines over months, columns) and their drawings, buttons, rels.

These parts are offersheet's own (an output sheet's charts, the buttons of a new workbook), written afresh from
the plan: their text is escaped as it is put in, and nothing of the person's is in them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from offersheet.workbook.layout import column_letter
from offersheet.workbook.parts import NS_PKG_REL, NS_R, REL_HYPERLINK
from offersheet.workbook.plan import CHART_TITLE_POINTS, Chart, chart_name
from offersheet.workbook.xmltree import cell_text, escape, quoteattr

EMU_PER_CM = 360_000
EMU_PER_POINT = 12_700


def _xml_text(text: str) -> str:
    return escape(cell_text(text))


def _quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _rich(text: str, size: float, bold: bool = False) -> str:
    font = f'sz="{round(size * 100)}" b="{int(bold)}"'
    return (
        f"<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr {font}/></a:pPr><a:r>"
        f'<a:rPr lang="en-GB" {font}/><a:t>{_xml_text(text)}</a:t></a:r></a:p></c:rich></c:tx>'
    )


def _title(text: str, size: float = CHART_TITLE_POINTS, bold: bool = True) -> str:
    return f'<c:title>{_rich(text, size, bold)}<c:overlay val="0"/></c:title>' if text else ""


def _text_size(size: float) -> str:
    return (
        f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{round(size * 100)}"/></a:pPr>'
        '<a:endParaRPr lang="en-GB"/></a:p></c:txPr>'
    )


def _line(colour: str, points: float, dash: str = "solid") -> str:
    return (
        f'<c:spPr><a:ln w="{round(points * EMU_PER_POINT)}" cap="rnd"><a:solidFill><a:srgbClr val="{colour}"/>'
        f'</a:solidFill><a:prstDash val="{dash}"/><a:round/></a:ln></c:spPr>'
    )


GRIDLINES = (
    '<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln>'
    "</c:spPr></c:majorGridlines>"
)
NO_LINE = "<c:spPr><a:ln><a:noFill/></a:ln></c:spPr>"
HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
    f'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="{NS_R}"><c:roundedCorners val="0"/>'
    "<c:chart>"
)
TAIL = (
    '<c:legend><c:legendPos val="b"/><c:overlay val="0"/>' + _text_size(10) + "</c:legend>"
    '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>'
)


def _value_axis(spec: Chart, ax: int, cross: int, cross_between: str = "between") -> str:
    return (
        f'<c:valAx><c:axId val="{ax}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
        f'<c:axPos val="l"/>{GRIDLINES}{_title(spec.y_title, 10, False)}'
        f'<c:numFmt formatCode={quoteattr(spec.value_format)} sourceLinked="0"/>'
        f'<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>{NO_LINE}'
        f'{_text_size(10)}<c:crossAx val="{cross}"/><c:crosses val="autoZero"/>'
        f'<c:crossBetween val="{cross_between}"/></c:valAx>'
    )


def _category_axis(spec: Chart, ax: int, cross: int) -> str:
    """The category axis, its own line not drawn: a series at zero (an offer with nothing to forfeit) shows
    in its colour instead of vanishing into the axis; the labels sit below the plot, never on the zero line."""
    return (
        f'<c:catAx><c:axId val="{ax}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
        f'<c:axPos val="b"/>{_title(spec.x_title, 10, False)}<c:numFmt formatCode="General" sourceLinked="1"/>'
        f'<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="low"/>{NO_LINE}'
        f'{_text_size(10)}<c:crossAx val="{cross}"/><c:crosses val="autoZero"/><c:auto val="1"/>'
        '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/></c:catAx>'
    )


def _x_value_axis(spec: Chart, ax: int, cross: int) -> str:
    """A numeric x axis (the months) from the first to the last value, labelled every ``x_step``: both
    applications honour a value axis' major unit, where LibreOffice ignores a category axis' label skip and
    labels every month. A light gridline at each label; like the category axis, its own line is not drawn and its
    labels sit below the plot."""
    step = f'<c:majorUnit val="{spec.x_step}"/>' if spec.x_step else ""
    low, high = spec.x_range
    bounds = f'<c:max val="{high}"/><c:min val="{low}"/>' if high > low else ""
    return (
        f'<c:valAx><c:axId val="{ax}"/><c:scaling><c:orientation val="minMax"/>{bounds}</c:scaling>'
        '<c:delete val="0"/>'
        f'<c:axPos val="b"/>{GRIDLINES}{_title(spec.x_title, 10, False)}'
        '<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/>'
        f'<c:minorTickMark val="none"/><c:tickLblPos val="low"/>{NO_LINE}'
        f'{_text_size(10)}<c:crossAx val="{cross}"/><c:crosses val="autoZero"/><c:crossBetween val="midCat"/>'
        f"{step}</c:valAx>"
    )


def line_chart_xml(spec: Chart) -> bytes:
    """Lines over a block: the x column first (numbers: the months), then one series per column with its header.

    Written as a scatter chart with lines and no markers, so that the x axis is a value axis whose labels fall
    every ``x_step`` in LibreOffice as in Excel (a line chart's category axis shows a label per month in
    LibreOffice, which ignores ``tickLblSkip``)."""
    sheet = _quoted(spec.data_sheet)
    first, last = spec.first_row + 1, spec.last_row
    xs = f"{sheet}!${column_letter(spec.first_col)}${first}:${column_letter(spec.first_col)}${last}"
    series = []
    for n, col in enumerate(range(spec.first_col + 1, spec.last_col + 1)):
        letter = column_letter(col)
        style = _line(spec.lines[n].colour, spec.lines[n].points, spec.lines[n].dash) if n < len(spec.lines) else ""
        series.append(
            f'<c:ser><c:idx val="{n}"/><c:order val="{n}"/><c:tx><c:strRef><c:f>{sheet}!${letter}${spec.first_row}'
            f'</c:f></c:strRef></c:tx>{style}<c:marker><c:symbol val="none"/></c:marker>'
            f"<c:xVal><c:numRef><c:f>{xs}</c:f></c:numRef></c:xVal>"
            f"<c:yVal><c:numRef><c:f>{sheet}!${letter}${first}:${letter}${last}</c:f></c:numRef></c:yVal>"
            '<c:smooth val="0"/></c:ser>'
        )
    # the value (money) axis first: it is the chart's main axis, the one a reader looks up
    return (
        HEAD + f'{_title(spec.title)}<c:autoTitleDeleted val="0"/>'
        '<c:plotArea><c:layout/><c:scatterChart><c:scatterStyle val="lineMarker"/><c:varyColors val="0"/>'
        + "".join(series)
        + '<c:axId val="500010"/><c:axId val="500020"/></c:scatterChart>'
        + _value_axis(spec, 500020, 500010, "midCat")
        + _x_value_axis(spec, 500010, 500020)
        + "</c:plotArea>"
        + TAIL
    ).encode("utf-8")


def bar_chart_xml(spec: Chart) -> bytes:
    """A clustered column chart: one series per given row, named by its label cell; the categories (the
    employers) read as text."""
    sheet = _quoted(spec.data_sheet)
    cols = f"${column_letter(spec.first_col)}${{row}}:${column_letter(spec.last_col)}${{row}}"
    cat = f"{sheet}!" + cols.format(row=spec.first_row)
    series = []
    for n, row in enumerate(spec.series_rows):
        name = f"{sheet}!${column_letter(spec.names_col)}${row}"
        series.append(
            f'<c:ser><c:idx val="{n}"/><c:order val="{n}"/><c:tx><c:strRef><c:f>{name}</c:f></c:strRef></c:tx>'
            f'<c:invertIfNegative val="0"/><c:cat><c:strRef><c:f>{cat}</c:f></c:strRef></c:cat>'
            f"<c:val><c:numRef><c:f>{sheet}!{cols.format(row=row)}</c:f></c:numRef></c:val></c:ser>"
        )
    return (
        HEAD + f'{_title(spec.title)}<c:autoTitleDeleted val="0"/>'
        '<c:plotArea><c:layout/><c:barChart><c:barDir val="col"/><c:grouping val="clustered"/>'
        '<c:varyColors val="0"/>'
        + "".join(series)
        + '<c:gapWidth val="80"/><c:axId val="500030"/><c:axId val="500040"/></c:barChart>'
        + _category_axis(spec, 500030, 500040)
        + _value_axis(spec, 500040, 500030)
        + "</c:plotArea>"
        + TAIL
    ).encode("utf-8")


def chart_xml(spec: Chart) -> bytes:
    return line_chart_xml(spec) if spec.kind == "line" else bar_chart_xml(spec)


def drawing_xml(anchors: list[tuple[Chart, str]]) -> bytes:
    """A drawing holding one chart frame per (chart, relationship id), each anchored at its cell."""
    frames = []
    for n, (spec, rid) in enumerate(anchors, 1):
        row, col = spec.anchor
        width, height = spec.size
        frames.append(
            f"<xdr:oneCellAnchor><xdr:from><xdr:col>{col - 1}</xdr:col>"
            f"<xdr:colOff>{round(spec.offset * EMU_PER_CM)}</xdr:colOff>"
            f"<xdr:row>{row - 1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
            f'<xdr:ext cx="{round(width * EMU_PER_CM)}" cy="{round(height * EMU_PER_CM)}"/>'
            f'<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr>'
            f'<xdr:cNvPr id="{n + 1}" name={quoteattr(chart_name(spec))}/>'
            '<xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/>'
            '</xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
            f'<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="{rid}"/>'
            "</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:oneCellAnchor>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
        f'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="{NS_R}">'
        + "".join(frames)
        + "</xdr:wsDr>"
    ).encode("utf-8")


def rels_xml(rels: Iterable[tuple[str, str, str]], external: bool = False) -> bytes:
    """A relationships part; ``external`` for targets that are locations (hyperlinks), as Excel marks them."""
    mode = ' TargetMode="External"' if external else ""
    body = "".join(
        f'<Relationship Id="{rid}" Type="{kind}" Target={quoteattr(target)}{mode}/>' for rid, kind, target in rels
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{NS_PKG_REL}">'
        f"{body}</Relationships>"
    ).encode()


# --- buttons: shapes on a sheet, written into a new workbook -------------------------------------------------


class Button(NamedTuple):
    """A shape on a sheet that runs something when clicked: a VBA macro (classic Excel: ``macro`` names a Sub
    without arguments) or an xlwings Lite/Server script (Office.js: the shape links to the cell under it, and
    the script's ``button="[name]Sheet!Cell"`` names the shape and that cell)."""

    name: str
    text: str
    row: int  # the top-left cell, 1-based
    col: int
    macro: str = ""  # e.g. "[0]!SampleCall"
    link: str = ""  # e.g. "Start!D3"
    width_cm: float = 5.0
    height_cm: float = 1.2


def button_xml(buttons: list[Button]) -> tuple[bytes, list[tuple[str, str, str]]]:
    """A drawing with one rounded-rectangle shape per button, and the relationships its hyperlinks need."""
    shapes, rels = [], []
    for n, b in enumerate(buttons, 1):
        link = ""
        if b.link:
            rid = f"rIdLink{n}"
            rels.append((rid, REL_HYPERLINK, f"#{b.link}"))
            link = f'<a:hlinkClick r:id="{rid}"/>'
        macro = f" macro={quoteattr(b.macro)}" if b.macro else ' macro=""'
        shapes.append(
            f"<xdr:oneCellAnchor><xdr:from><xdr:col>{b.col - 1}</xdr:col><xdr:colOff>0</xdr:colOff>"
            f"<xdr:row>{b.row - 1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
            f'<xdr:ext cx="{int(b.width_cm * EMU_PER_CM)}" cy="{int(b.height_cm * EMU_PER_CM)}"/>'
            f'<xdr:sp{macro} textlink=""><xdr:nvSpPr><xdr:cNvPr id="{n + 1}" name={quoteattr(b.name)}>{link}'
            '</xdr:cNvPr><xdr:cNvSpPr/></xdr:nvSpPr><xdr:spPr><a:xfrm><a:off x="0" y="0"/>'
            f'<a:ext cx="{int(b.width_cm * EMU_PER_CM)}" cy="{int(b.height_cm * EMU_PER_CM)}"/></a:xfrm>'
            '<a:prstGeom prst="roundRect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="1F3864"/></a:solidFill>'
            '<a:ln><a:noFill/></a:ln></xdr:spPr><xdr:txBody><a:bodyPr vertOverflow="clip" wrap="square" '
            'anchor="ctr"/><a:lstStyle/><a:p><a:pPr algn="ctr"/><a:r><a:rPr lang="en-GB" sz="1100" b="1">'
            f'<a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill></a:rPr><a:t>{_xml_text(b.text)}</a:t></a:r></a:p>'
            "</xdr:txBody></xdr:sp><xdr:clientData/></xdr:oneCellAnchor>"
        )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
        f'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="{NS_R}">'
        + "".join(shapes)
        + "</xdr:wsDr>"
    )
    return xml.encode("utf-8"), rels
