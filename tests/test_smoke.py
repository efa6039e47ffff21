from __future__ import annotations


def test_alice_owns_acme_and_bob_belongs_to_it(world, api_as):
    api = api_as(world.bob_membership)
    body = api.get("/me").json()
    assert [m["organization"]["slug"] for m in body["memberships"]] == ["acme"]
    assert body["memberships"][0]["role"] == "member"
