"""Every worksheet function and script of ``offersheet.udfs`` through xlwings' Office.js runtime — the Python
side that xlwings Lite runs in the browser — on inputs from a JSON file. Runs unchanged under CPython and under
Pyodide (``tests/pyodide_run.mjs``); ``await run(path)`` returns what each call gave, as plain JSON values.
Under CPython: ``python tests/lite_probe.py INPUTS.json`` prints the same JSON."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

os.environ.setdefault("XLWINGS_ON_SERVER", "true")  # the Office.js runtime of xlwings.func / xlwings.script
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")


async def run(path: str) -> dict[str, Any]:
    """``functions``: each function's result per offer; ``scripts``: the actions each script sent back to Excel;
    ``imported``: the top-level modules importing offersheet.udfs and running all of it brought in."""
    before = set(sys.modules)
    import xlwings as xw
    from xlwings import server

    import offersheet.udfs as udfs

    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    functions = [f["name"] for f in server.custom_functions_meta(udfs)["functions"]]
    scripts = [s["function_name"] for s in server.custom_scripts_meta(udfs)]
    out: dict[str, Any] = {"listed": {"functions": functions, "scripts": scripts}, "functions": {}, "scripts": {}}
    for name in functions:
        for offer in data["offers"]:
            payload = {
                "func_name": name,
                "args": [*data["ranges"], [[offer]]],
                "version": xw.__version__,
                "client": "Office.js",
                "runtime": "1.4",
                "culture_info_name": "en-US",
                "caller_address": "Comparison!D30",
                "formula_name": name,
            }
            out["functions"][f"{name}({offer})"] = await _outcome(server.custom_functions_call(payload, udfs))
    for name in scripts:
        book = xw.Book(json=data["book"])
        result = await _outcome(server.custom_scripts_call(udfs, name, typehint_to_value={xw.Book: book}))
        out["scripts"][name] = result if "error" in result else _plain(result["value"].json()["actions"])
    out["imported"] = sorted({m.split(".")[0] for m in set(sys.modules) - before})
    return out


async def _outcome(call: Any) -> dict[str, Any]:
    try:
        value = await call
    except Exception as exc:  # reported, so the test shows what failed and where
        return {"error": f"{type(exc).__name__}: {exc}"}
    return {"value": value if hasattr(value, "json") else _plain(value)}


def _plain(value: Any) -> Any:
    """A value as JSON carries it (Pyodide may hand back JavaScript proxies)."""
    if hasattr(value, "to_py"):
        value = value.to_py()
    return json.loads(json.dumps(value, default=str))


if __name__ == "__main__":
    import asyncio

    print(json.dumps({"python": sys.version, "platform": sys.platform, **asyncio.run(run(sys.argv[1]))}))
