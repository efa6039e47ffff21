"""Without OKRUM_SECRET_KEY, one key is generated into the data directory and kept there."""

from __future__ import annotations

import stat

import okrum.settings


def test_the_generated_key_is_kept_private_and_leaves_no_draft(monkeypatch, tmp_path):
    monkeypatch.delenv("OKRUM_SECRET_KEY", raising=False)
    monkeypatch.setattr(okrum.settings, "DATA_DIR", tmp_path / "data")

    first = okrum.settings._secret_key()
    second = okrum.settings._secret_key()

    assert len(first) >= 50
    assert second == first
    assert [p.name for p in (tmp_path / "data").iterdir()] == ["secret_key"]
    assert stat.S_IMODE((tmp_path / "data" / "secret_key").stat().st_mode) == 0o600


def test_a_key_another_process_wrote_first_is_the_one_used(monkeypatch, tmp_path):
    monkeypatch.delenv("OKRUM_SECRET_KEY", raising=False)
    monkeypatch.setattr(okrum.settings, "DATA_DIR", tmp_path)
    real_link = okrum.settings.os.link

    def another_process_wins(source, target):
        (tmp_path / "secret_key").write_text("the-other-process-key\n")
        real_link(source, target)  # raises FileExistsError, as the loser's link does

    monkeypatch.setattr(okrum.settings.os, "link", another_process_wins)

    assert okrum.settings._secret_key() == "the-other-process-key"
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]
