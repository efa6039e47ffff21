"""Public help pages: the user guide and the glossary; no sign-in needed."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from okrum.help.glossary import SECTIONS
from okrum.help.guide import image_path, load_guide


@require_GET
def guide(request: HttpRequest) -> HttpResponse:
    page = load_guide()
    # The HTML comes from docs/guide.md in the repository, never from a user.
    context = {
        "title": mark_safe(page.title),  # noqa: S308
        "html": mark_safe(page.html),  # noqa: S308
        "contents": mark_safe(page.contents),  # noqa: S308
    }
    return render(request, "help/guide.html", context)


@require_GET
def guide_image(request: HttpRequest, name: str) -> FileResponse:
    path = image_path(name)
    if path is None:
        raise Http404("No such picture in the guide.")
    return FileResponse(path.open("rb"), content_type="image/png")


@require_GET
def glossary(request: HttpRequest) -> HttpResponse:
    return render(request, "help/glossary.html", {"sections": SECTIONS})
