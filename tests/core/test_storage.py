"""The static files storage used with debug off: WhiteNoise's hashed names, each URL looked up once."""

import json

import pytest

from core.storage import StaticFilesStorage


@pytest.fixture
def storage(tmp_path):
    manifest = {"paths": {"css/portal.css": "css/portal.0123abcd.css"}, "version": "1.1", "hash": "x"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return StaticFilesStorage(location=tmp_path, base_url="/static/")


def test_urls_are_the_hashed_ones_and_are_looked_up_once(storage, monkeypatch):
    assert storage.url("css/portal.css") == "/static/css/portal.0123abcd.css"
    monkeypatch.setattr(storage, "hashed_files", {})  # a second look-up would now fail
    assert storage.url("css/portal.css") == "/static/css/portal.0123abcd.css"


def test_a_file_missing_from_the_manifest_is_an_error_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/missing.css")
