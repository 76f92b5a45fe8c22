"""A headless Chromium for the tests that run a page's script or play an animation.

Those tests skip when no Chromium is on PATH; set CHAINRULE_REQUIRE_BROWSER=1 to
make a missing browser a failure (CI does).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def browser() -> str:
    """The browser's path; skips the test (or fails it, under CHAINRULE_REQUIRE_BROWSER=1) without one."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CHAINRULE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"CHAINRULE_REQUIRE_BROWSER=1 but none of {BROWSERS} is on PATH")
    pytest.skip(f"none of {BROWSERS} is on PATH, so pages cannot be run in a browser")


def headless(tmp_path: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the headless browser with a fresh profile in ``tmp_path`` and ``args`` (a URL last)."""
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    command = [
        browser(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
