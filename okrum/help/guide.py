"""The user guide: docs/guide.md rendered to HTML, every heading with a stable id."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import markdown

DOCS = Path(__file__).resolve().parents[2] / "docs"
GUIDE = DOCS / "guide.md"
IMAGES = DOCS / "images"
# The pictures the guide may show: plain file names, so a request cannot leave docs/images/.
IMAGE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*\.png")


@dataclass(frozen=True)
class Guide:
    title: str  # the first heading, shown above the contents
    html: str  # everything after it
    contents: str  # the table of contents, as nested lists of links
    anchors: tuple[str, ...]  # every heading's id, in order


def _ids(tokens: list[dict[str, Any]]) -> list[str]:
    found: list[str] = []
    for token in tokens:
        found.append(token["id"])
        found.extend(_ids(token["children"]))
    return found


def render_guide(text: str) -> Guide:
    """HTML from the guide's Markdown; ids are slugs of the headings, as GitHub makes them."""
    md = markdown.Markdown(
        extensions=["toc", "tables", "fenced_code"],
        extension_configs={"toc": {"toc_depth": "2-3"}},
    )
    title, end, html = md.convert(text).partition("</h1>")
    if not end:  # no first-level heading: all of it is the body
        title, html = "", title
    return Guide(
        title=title + end,
        html=html,
        contents=getattr(md, "toc", ""),
        anchors=tuple(_ids(getattr(md, "toc_tokens", []))),
    )


@lru_cache(maxsize=1)
def _rendered(mtime_ns: int) -> Guide:
    return render_guide(GUIDE.read_text(encoding="utf-8"))


def load_guide() -> Guide:
    """The rendered guide, rendered again only when docs/guide.md changes."""
    return _rendered(GUIDE.stat().st_mtime_ns)


def image_path(name: str) -> Path | None:
    """The file of one of the guide's pictures, or None for any other name."""
    if not IMAGE_NAME.fullmatch(name):
        return None
    path = IMAGES / name
    return path if path.is_file() else None
