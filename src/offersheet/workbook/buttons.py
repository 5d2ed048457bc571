"""The template's buttons on Start: one definition, read by the template writer and by the scripts that bind them.
Only an ``.xlsm`` has them: a plain ``.xlsx`` has nothing that could run a button without an add-in.

- **xlwings Lite / Server.** Office.js cannot attach code to a shape, so xlwings links a shape to the cell under
  it and names both in the script's ``button="[shape]Sheet!Cell"``; clicking the shape selects that cell and
  the add-in runs the script (``offersheet.macros``).
- **Classic add-in, ``.xlsm``.** Excel runs a shape's ``macro``: a VBA ``Sub`` without arguments, the only kind
  Excel lists in Alt+F8 and *Assign Macro*. The quickstart VBA project offersheet builds on has one,
  ``SampleCall``, which runs ``main()`` of the Python module named after the workbook (``offersheet new
  --macro-enabled`` writes that module). Both macro buttons run it; ``main`` asks Excel which shape called
  (``Application.Caller``, the shape's name when a macro runs from a shape) and exports for the Export
  button, recalculates otherwise. Authoring a second VBA Sub would mean writing a VBA project by hand.
"""

from __future__ import annotations

from offersheet.workbook.package import Button

SHEET = "Start"
RECALCULATE = Button("offersheet_recalculate", "Recalculate offers (xlwings Lite)", row=3, col=2, link=f"{SHEET}!B3")
RECALCULATE_VBA = Button(
    "offersheet_recalculate_macro", "Recalculate offers (Excel macro)", row=5, col=2, macro="[0]!SampleCall"
)
EXPORT_VBA = Button("offersheet_export_macro", "Export comparison (Excel macro)", row=7, col=2, macro="[0]!SampleCall")
VBA_SUB = "SampleCall"


def script_button(button: Button) -> str:
    """The ``button=`` of an xlwings script bound to this shape."""
    return f"[{button.name}]{button.link}"


def for_workbook(macro_enabled: bool) -> list[Button]:
    """The buttons of a new workbook: none in a plain ``.xlsx``, where without an add-in a click would do
    nothing (xlwings Lite runs the scripts from its own pane); in an ``.xlsm``, the classic add-in's two and the
    one xlwings Lite binds."""
    return [RECALCULATE, RECALCULATE_VBA, EXPORT_VBA] if macro_enabled else []
