"""schemathesis, run against the API of a live server: no server error and no response
outside the OpenAPI schema. Bounded: a few generated requests per operation (about 160 in
all, some invalid), and the sequences the schema's links describe."""

import shutil
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.core.cache import cache

from ..factories import AgreementFactory, MandateFactory, PartnerFactory


@pytest.mark.django_db(transaction=True)
def test_the_api_keeps_its_schema(live_server, settings):
    import_module("partners.migrations.0002_categories").create_categories(apps, None)
    # Generated requests come by the hundred: the anonymous rate is not what is tested here.
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute"}}
    cache.clear()
    unit = MandateFactory(unit__code="U1234").unit
    AgreementFactory(reference="PUB-1", partners=[PartnerFactory(slug="lyon", ror_id="02vjkv261")]).units.add(unit)

    result = subprocess.run(
        [
            shutil.which("schemathesis") or str(Path(sys.executable).parent / "schemathesis"),
            "run",
            f"{live_server.url}/api/schema/?format=json",
            "--checks",
            "not_a_server_error,response_schema_conformance",
            # Every operation gets examples, generated requests (valid and invalid) and the
            # linked sequences; the coverage phase's systematic boundary cases (some 700
            # requests, 30 s) are left out.
            "--phases",
            "examples,fuzzing,stateful",
            "--max-examples",
            "10",
            "--request-timeout",
            "20",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "Tested: 21" in result.stdout, result.stdout[-3000:]  # every operation was exercised (11 public, 10 staff)
