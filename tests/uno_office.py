"""Run by the system Python with LibreOffice's UNO bridge (python3-uno), not by the test venv: the headless
LibreOffice the ``uno_*`` scripts drive, started on a pipe of its own and stopped again, and the property
values its calls take. The scripts import it as a sibling (they run as ``python3 tests/uno_....py``)."""

from __future__ import annotations

import contextlib
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


@contextlib.contextmanager
def desktop(profile: Path, name: str) -> Iterator[Any]:
    """LibreOffice's Desktop, in a headless office with its own user profile; terminated on leaving."""
    pipe = f"offersheet_{name}_{int(time.time() * 1000)}"
    office = subprocess.Popen(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--invisible",
            "--norestore",
            f"--accept=pipe,name={pipe};urp;",
        ]
    )
    desk = None
    try:
        ctx = uno.getComponentContext()
        resolver = ctx.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", ctx)
        for _ in range(120):
            try:
                remote = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:  # not listening yet
                time.sleep(0.5)
        else:
            raise SystemExit("LibreOffice did not start")
        desk = remote.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", remote)
        yield desk
    finally:
        with contextlib.suppress(Exception):  # the office may already be gone
            if desk is not None:
                desk.terminate()
        office.wait(timeout=60)
