"""ETag and If-Match for versioned objects (DESIGN §8): a stale write answers 412."""

from __future__ import annotations

from typing import Protocol, TypeVar

from django.http import HttpRequest
from django.http.response import HttpResponseBase

from okrum.core.errors import PreconditionFailed


class Versioned(Protocol):
    @property
    def pk(self) -> object: ...

    @property
    def version(self) -> int: ...


V = TypeVar("V", bound=Versioned)


def etag_for(obj: Versioned) -> str:
    return f'"{obj.pk}-{obj.version}"'


def tagged(response: HttpResponseBase, obj: V) -> V:
    """`obj`, with its ETag set on the response that will carry it."""
    response["ETag"] = etag_for(obj)
    return obj


def check_if_match(request: HttpRequest, obj: Versioned) -> None:
    """Refuse the write when the client sent If-Match for a version that is not current."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return
    sent = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    if etag_for(obj) not in sent:
        raise PreconditionFailed(
            "This object changed since you read it; fetch it again and retry.",
            {"If-Match": f"The current version is {etag_for(obj)}."},
        )
