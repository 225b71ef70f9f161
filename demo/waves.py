"""The demo data's evaluation waves. The waves and their regions are Hcéres' own, made by
the workspace's migration 0003 (real configuration, in every database). The demo adds what
that migration does for the sites it finds: each Île-de-France site outside Paris is
evaluated with wave E. Its new units take their site's wave (no wave of their own), save a
few, which keep the wave whose contract ends with their term: a unit that moved sites and
is still evaluated with its former site's wave."""

import random
from importlib import import_module

from simple_history.utils import bulk_update_with_history

from units.models import ResearchUnit, Site
from workspace.models import EvaluationWave, WaveSiteException
from workspace.waves import with_site_wave

hceres_waves = import_module("workspace.migrations.0003_hceres_waves")

OWN_WAVE_SHARE = 0.04  # about 14 units at scale 1


def settle_waves(new_codes: set[str], seed: int) -> None:
    """Exceptions for the demo's suburban sites (those without one yet), then the wave of
    each unit created by this run (units already there keep theirs: the seed is idempotent)."""
    hceres_waves.add_suburb_exceptions(Site, WaveSiteException)
    waves = list(EvaluationWave.objects.all())
    units = list(ResearchUnit.objects.filter(code__in=new_codes).order_by("code"))
    site_waves = dict(
        with_site_wave(Site.objects.filter(pk__in={unit.site_id for unit in units})).values_list("pk", "site_wave")
    )
    changed = []
    for unit in units:
        own = ""
        if unit.term_end and random.Random(f"{seed}-wave-{unit.code}").random() < OWN_WAVE_SHARE:
            year = unit.term_end.year
            ending = next((wave.letter for wave in waves if wave.contract_on(year)[1] == year), "")
            own = ending if ending != site_waves.get(unit.site_id) else ""
        if unit.hceres_wave != own:
            unit.hceres_wave = own
            changed.append(unit)
    bulk_update_with_history(
        changed, ResearchUnit, ["hceres_wave"], batch_size=1000, default_change_reason="Demo data: evaluation waves"
    )
