"""schema.org JSON-LD for the public detail pages, so search engines and registries can
read who a partner or a unit is. Public fields only."""

import json

from django.utils.safestring import mark_safe

from core.identifiers import Identifier, identifiers_of

# As django.utils.html.json_script escapes them: nothing in the data can close the tag.
ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
RESEARCH_KINDS = {"university", "school", "research_body", "cancer_centre", "hospital", "funding_agency"}


def script_safe(data: dict) -> str:
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(ESCAPES))  # noqa: S308 - escaped above


def property_value(identifier: Identifier) -> dict:
    """An identifier as schema.org writes one: the scheme, the value, its registry page."""
    value = {"@type": "PropertyValue", "propertyID": identifier.scheme.label, "value": identifier.value}
    return {**value, "url": identifier.url} if identifier.url else value


def partner_jsonld(partner, page_url: str) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "ResearchOrganization" if partner.kind in RESEARCH_KINDS else "Organization",
        "name": partner.name,
        "url": page_url,
        "address": {"@type": "PostalAddress", "addressLocality": partner.city, "addressCountry": partner.country.code},
    }
    if partner.acronym:
        data["alternateName"] = partner.acronym
    identifiers = identifiers_of(partner)
    same_as = [link for link in (partner.website, *(identifier.url for identifier in identifiers)) if link]
    if same_as:
        data["sameAs"] = same_as
    if identifiers:
        data["identifier"] = [property_value(identifier) for identifier in identifiers]
    if partner.parent_id and partner.parent.is_published:
        data["parentOrganization"] = {"@type": "Organization", "name": partner.parent.name}
    return script_safe(data)


def unit_jsonld(unit, page_url: str, supervisors, lineage=()) -> str:
    """`lineage`: the unit's successions as its page tells them, each a dict with `name`
    (the sentence), `on` (its date), `ends` (whether the unit ended then) and `units`
    ((code, page URL) of the published units it names)."""
    identifiers = [{"@type": "PropertyValue", "propertyID": "Inserm code", "value": unit.code}]
    registered = identifiers_of(unit)
    identifiers += [property_value(identifier) for identifier in registered]
    data = {
        "@context": "https://schema.org",
        "@type": "ResearchOrganization",
        "name": unit.name,
        "url": page_url,
        "identifier": identifiers,
        "location": {
            "@type": "Place",
            "name": unit.site.name,
            "address": {"@type": "PostalAddress", "addressLocality": unit.site.city, "addressCountry": "FR"},
        },
        "parentOrganization": [{"@type": "ResearchOrganization", "name": "Inserm", "url": "https://www.inserm.fr"}]
        + [{"@type": "Organization", "name": partner.name} for partner in supervisors],
    }
    if registered:
        data["sameAs"] = [identifier.url for identifier in registered if identifier.url]
    if unit.acronym:
        data["alternateName"] = unit.acronym
    if unit.themes:
        data["knowsAbout"] = [theme.strip() for theme in unit.themes.split(",") if theme.strip()]
    if unit.term_start:
        data["foundingDate"] = unit.term_start.isoformat()
    ends = [event["on"] for event in lineage if event["ends"]]
    if ends:
        data["dissolutionDate"] = min(ends).isoformat()
    if lineage:
        # schema.org has no "succeeds" for an organisation (successorOf is for product
        # models only) and additionalProperty is not an Organization property; `event`
        # is: each succession is a dated Event about the units it names, linked by URL.
        data["event"] = [
            {
                "@type": "Event",
                "name": event["name"],
                "startDate": event["on"].isoformat(),
                "about": [{"@type": "ResearchOrganization", "name": code, "url": url} for code, url in event["units"]],
            }
            for event in lineage
        ]
    return script_safe(data)
