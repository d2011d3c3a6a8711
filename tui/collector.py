"""Python's cycle collector held off while the browser starts, then told what lasts.

Starting loads some four hundred modules and builds every widget: the collector, run every 700
new objects, would go through them again and again (30-40 ms of a first screen of 350 ms at
1,000,000 records). Once the first screen is up it collects once and freezes what exists by then
(modules, classes, widgets: what lasts the whole session), so later collections skip it.
"""

from __future__ import annotations

import gc


def hold() -> None:
    """No collection until `release`."""
    gc.disable()


def release() -> None:
    """Collect once, keep what is left out of later collections, and collect as usual from now on;
    nothing where `hold` was not called (or `release` was already)."""
    if gc.isenabled():
        return
    gc.collect()
    gc.freeze()
    gc.enable()
