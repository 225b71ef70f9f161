"""Folded copies for existing partners, and their trigram search index (PostgreSQL)."""

from django.db import migrations

from core.search import fill_folded_keys, trigram_index


class Migration(migrations.Migration):
    dependencies = [("partners", "0005_search_keys_and_indexes")]

    operations = [
        fill_folded_keys(
            "partners",
            "Partner",
            {"name_key": ("name",), "city_key": ("city",), "search_text": ("name", "acronym", "city", "description")},
        ),
        trigram_index("partners_partner", "partner_search_trgm"),
    ]
