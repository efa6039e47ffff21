"""The README's API quickstart works as written, against a running server."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

README = Path(__file__).resolve().parents[2] / "README.md"


def quickstart() -> str:
    """The bash block of the README's REST API section."""
    section = README.read_text().split("## The REST API", 1)[1].split("\n## ", 1)[0]
    found = re.search(r"```bash\n(.*?)```", section, re.DOTALL)
    assert found, "the README's REST API section has no bash block"
    return found.group(1)


def test_the_readme_quickstart_pushes_a_check_in(live_server: Any) -> None:
    script = quickstart().replace("http://127.0.0.1:8000", live_server.url)

    done = subprocess.run(  # noqa: S603 — the README's own script
        ["bash", "-euo", "pipefail", "-c", script],  # noqa: S607 — bash from PATH, as a reader runs it
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    last = done.stdout.strip().splitlines()[-1]
    value, progress, status = last.split()
    assert (value, progress) == ("31", "0.44")
    assert status in {"on_track", "at_risk", "off_track"}
