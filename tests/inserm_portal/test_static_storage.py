"""The static files storage with debug off (as tests run): WhiteNoise's, compressed, with
hashed names from the manifest."""

import json

import pytest
from django.utils.module_loading import import_string

from inserm_portal import settings as project_settings


@pytest.fixture
def storage(tmp_path):
    manifest = {"paths": {"css/portal.css": "css/portal.0123abcd.css"}, "version": "1.1", "hash": "x"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    backend = import_string(project_settings.STORAGES["staticfiles"]["BACKEND"])
    return backend(location=tmp_path, base_url="/static/")


def test_debug_off_uses_whitenoise_hashed_and_compressed_files():
    assert project_settings.STORAGES["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_urls_are_the_hashed_ones(storage):
    assert storage.url("css/portal.css") == "/static/css/portal.0123abcd.css"


def test_a_file_missing_from_the_manifest_is_an_error_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/missing.css")
