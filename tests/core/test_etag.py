"""ETag and If-Match: a write from a stale version is refused, every other write goes through."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import RequestFactory

from okrum.core.errors import PreconditionFailed
from okrum.core.etag import check_if_match, etag_for


@dataclass
class Thing:
    pk: int
    version: int


CURRENT = Thing(pk=7, version=3)


def patch_with(if_match: str | None):
    headers = {} if if_match is None else {"If-Match": if_match}
    return RequestFactory().patch("/things/7", headers=headers)


def test_the_etag_names_the_object_and_its_version():
    assert etag_for(CURRENT) == '"7-3"'


def test_the_etag_changes_with_the_version():
    assert etag_for(Thing(pk=7, version=4)) != etag_for(CURRENT)


@pytest.mark.parametrize(
    "if_match",
    [
        pytest.param(None, id="absent"),
        pytest.param("*", id="any-version"),
        pytest.param(" * ", id="any-version-padded"),
        pytest.param('"7-3"', id="current"),
        pytest.param('W/"7-3"', id="current-weak"),
        pytest.param('"7-1", "7-3"', id="current-among-others"),
    ],
)
def test_a_write_goes_through_unless_if_match_names_only_other_versions(if_match):
    check_if_match(patch_with(if_match), CURRENT)


@pytest.mark.parametrize(
    "if_match",
    [
        pytest.param('"7-2"', id="older-version"),
        pytest.param('"8-3"', id="another-object"),
        pytest.param("7-3", id="unquoted"),
        pytest.param('"7-1", "7-2"', id="only-old-versions"),
        pytest.param("", id="empty"),
    ],
)
def test_a_stale_if_match_is_a_failed_precondition_naming_the_current_version(if_match):
    with pytest.raises(PreconditionFailed) as refused:
        check_if_match(patch_with(if_match), CURRENT)

    assert refused.value.status == 412
    assert refused.value.errors == {"If-Match": 'The current version is "7-3".'}
    assert "changed since you read it" in refused.value.detail
