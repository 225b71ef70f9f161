"""Folded copies for existing sites and units, and their trigram search indexes (PostgreSQL)."""

from django.db import migrations

from core.search import fill_folded_keys, trigram_index


class Migration(migrations.Migration):
    dependencies = [("units", "0004_search_keys_and_indexes")]

    operations = [
        fill_folded_keys("units", "Site", {"name_key": ("name",), "city_key": ("city",), "search_text": ("name", "city")}),
        fill_folded_keys(
            "units",
            "ResearchUnit",
            {"name_key": ("name",), "search_text": ("code", "name", "acronym", "themes", "director_name")},
        ),
        trigram_index("units_site", "site_search_trgm"),
        trigram_index("units_researchunit", "unit_search_trgm"),
    ]
