"""What end-to-end tests need from the machine: skip locally when a tool is missing,
fail in CI (READINGROOM_REQUIRE_E2E=1, set by .ci/run) so nothing is silently skipped there."""

from __future__ import annotations

import os
import shutil

import pytest


def require(*programs: str) -> None:
    """Skip (or, in CI, fail) the calling test unless every program is installed."""
    missing = [p for p in programs if shutil.which(p) is None and not os.path.exists(p)]
    if not missing:
        return
    reason = "not installed: " + ", ".join(missing)
    if os.environ.get("READINGROOM_REQUIRE_E2E"):
        pytest.fail(reason)
    pytest.skip(reason)
