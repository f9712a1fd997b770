"""Every ```python block of README.md runs against the real service, in order, and prints what its comments say."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from conftest import Service

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def expected_lines(code: str) -> list[str]:
    """What a block says it prints: the comment after a print(…) line, or a print line's own trailing comment
    (its first word). Elided comments (…, ...) and alternatives ("   (or: …)") are not compared."""
    lines = code.splitlines()
    expected: list[str] = []
    for index, line in enumerate(lines):
        if "print(" not in line:
            continue
        trailing = re.search(r"\)\s+# (.+)$", line)
        if trailing:
            expected.append(trailing.group(1).split()[0])
            continue
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if following.startswith("# "):
            text = following[2:].split("   (")[0].strip()
            if text and "..." not in text and "…" not in text:
                expected.append(text)
    return expected


def blocks() -> list[str]:
    return BLOCK.findall(README.read_text())


def test_the_readme_has_examples() -> None:
    assert len(blocks()) >= 6


def test_readme_examples_run_and_print_what_they_say(service: Service, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAMPART_URL", service.url)
    monkeypatch.setenv("RAMPART_TOKEN", service.trader)
    monkeypatch.setenv("RAMPART_OPS_TOKEN", service.ops)
    for number, code in enumerate(blocks(), start=1):
        output = io.StringIO()
        namespace: dict[str, object] = {"__name__": f"readme_block_{number}"}
        with contextlib.redirect_stdout(output):
            exec(compile(code, f"README.md block {number}", "exec"), namespace)
        printed = [line.strip() for line in output.getvalue().splitlines()]
        for line in expected_lines(code):
            assert line in printed, f"README.md block {number}: expected {line!r} among {printed}"
