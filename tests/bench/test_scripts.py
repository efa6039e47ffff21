"""The benchmarks still run: each, at a tiny size, builds its data and agrees with its raw SQL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def run(script: str, *args: str) -> str:
    # A fresh SQLite database in a temporary folder, whatever database the suite runs on.
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "OKRUM_DATA_DIR"}}
    done = subprocess.run(  # noqa: S603 — our own script, with arguments written here
        [sys.executable, str(BENCH / script), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.mark.parametrize(
    ("script", "args", "expected"),
    [
        ("backlog.py", ("--items", "300", "--runs", "2"), "ratio API / SQL, first page"),
        (
            "dashboard.py",
            ("--scale", "0.01", "--runs", "2"),
            "dashboard and its SQL: the same numbers",
        ),
    ],
)
def test_the_benchmark_runs_and_prints_its_ratios(script, args, expected):
    out = run(script, *args)

    assert expected in out
    assert "ratio" in out
