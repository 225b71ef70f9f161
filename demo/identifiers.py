"""Real identifiers of the demo's well-known partners and sites (demo/data.py names them),
each as its registry gives it and passing its scheme's check (tests/demo/test_identifiers.py).
The partners' ROR IDs are in demo/data.py already; units keep the RNSR numbers the seed draws.
Add a value here only once it is read from its registry."""

from partners.models import Partner
from units.models import Site

# {record name in demo/data.py: {field: identifier}}
PARTNERS = {
    "Assistance Publique – Hôpitaux de Paris": {"finess": "750712184"},
    "Université Paris Cité": {"uai": "0755976N"},
}
SITES = {
    "Hôpital Necker-Enfants malades": {"finess": "750100208"},
}


def add_identifiers() -> int:
    """Give the records their identifiers where they have none yet (idempotent); the number
    of fields set."""
    changed = 0
    for model, table in ((Partner, PARTNERS), (Site, SITES)):
        for name, identifiers in table.items():
            for field, value in identifiers.items():
                changed += model.objects.filter(name=name, **{field: ""}).update(**{field: value})
    return changed
