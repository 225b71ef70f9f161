"""What admin tests share: the forms a browser would post."""

from django import forms
from django.urls import reverse


def loaded_state(client, change_url: str) -> str:
    """What a browser sends back with an admin change form: the state it was loaded with
    (version and values), which the optimistic lock checks on save."""
    return client.get(change_url).context["adminform"].form["loaded_state"].value()


def unit_form(unit=None, site=None, terms=(), **overrides):
    """The POST data of the unit change form, with its mandate inline."""
    site = site or unit.site
    data = {
        "code": unit.code if unit else "U4321",
        "name": unit.name if unit else "Laboratoire ajouté",
        "acronym": "",
        "structure_type": "research_unit",
        "site": site.pk,
        "director_name": "Jeanne Martin",
        "hospital_staff_count": "3",
        "themes": "",
        "rnsr_number": "",
        "hceres_wave": "",
        "internal_notes": "",
        "mandates-TOTAL_FORMS": str(len(terms)),
        "mandates-INITIAL_FORMS": str(sum(1 for term in terms if term.get("id"))),
        "mandates-MIN_NUM_FORMS": "0",
        "mandates-MAX_NUM_FORMS": "1000",
        # The inline of its partners (partners/admin.py), left as it is.
        "partner_links-TOTAL_FORMS": "0",
        "partner_links-INITIAL_FORMS": "0",
        "partner_links-MIN_NUM_FORMS": "0",
        "partner_links-MAX_NUM_FORMS": "1000",
        # The inlines of its successions both ways and of its dated names (units/admin.py),
        # left as they are.
        **{
            f"{prefix}-{count}": value
            for prefix in ("predecessor_links", "successor_links", "names")
            for count, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"), ("MIN_NUM_FORMS", "0"))
        },
        "predecessor_links-MAX_NUM_FORMS": "1000",
        "successor_links-MAX_NUM_FORMS": "1000",
        "names-MAX_NUM_FORMS": "1000",
    }
    for index, term in enumerate(terms):
        for key, value in term.items():
            data[f"mandates-{index}-{key}"] = value
        data[f"mandates-{index}-unit"] = unit.pk if unit else ""
    data.update(overrides)
    return data


def term(mandate=None, number=None, start=None, end=None):
    return {
        "id": mandate.pk if mandate else "",
        "number": number if number is not None else mandate.number,
        "start": (start or mandate.start).isoformat(),
        "end": (end or mandate.end).isoformat(),
    }


def partner_form(partner, **changes):
    """The POST data of the partner change form, as loaded from `partner`."""
    data = {
        "name": partner.name,
        "slug": partner.slug,
        "acronym": partner.acronym,
        "category": partner.category_id,
        "kind": partner.kind,
        "country": partner.country.code,
        "city": partner.city,
        "region": partner.region,
        "website": partner.website,
        "ror_id": partner.ror_id,
        "network": partner.network_id or "",
        "network_role": partner.network_role,
        "founded_on": partner.founded_on.isoformat() if partner.founded_on else "",
        "inserm_role": partner.inserm_role,
        "description": partner.description,
        "internal_notes": partner.internal_notes,
        "parent": partner.parent_id or "",
    }
    if partner.is_published:
        data["is_published"] = "on"
    # The inline of its dated names (partners/admin.py), left as it is.
    data.update({"names-TOTAL_FORMS": "0", "names-INITIAL_FORMS": "0", "names-MAX_NUM_FORMS": "1000"})
    return {**data, **changes}


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def changelist(client, model, **query):
    response = client.get(admin_url(model, "changelist"), query)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def form_data(response, **changes) -> dict:
    """What a browser posts back from an admin form as it was loaded (plus `changes`)."""
    forms_shown = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):  # its inlines, as they are
        forms_shown += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms_shown:
        for name, field in form.fields.items():
            key, value = form.add_prefix(name), form[name].value()
            if isinstance(field, forms.BooleanField):
                if value:
                    data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(item) for item in value]
            else:
                data[key] = "" if value is None else value
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        else:
            data[name] = value
    return data
