"""The links between agreements and their partners and units get models of their own
(AgreementPartner, AgreementUnit) on the tables they had, so that a partner or a unit
with agreements cannot be deleted (PROTECT): deleting one removed it from its agreements
without a word. Their history keeps its tables too (Agreement.history). The tables'
unique pair becomes a named constraint."""

import django.db.models.deletion
from django.db import migrations, models


def link(name, table, verbose_name, verbose_name_plural, target_field, target_model):
    """The link's model as Django had made it, unique pair included."""
    return migrations.CreateModel(
        name=name,
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                "agreement",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE, related_name="+", to="partners.agreement"
                ),
            ),
            (
                target_field,
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT, related_name="+", to=target_model
                ),
            ),
        ],
        options={
            "db_table": table,
            "verbose_name": verbose_name,
            "verbose_name_plural": verbose_name_plural,
            "unique_together": {("agreement", target_field)},
        },
    )


def history_link(model_name, target_field, target_model):
    """The links' history, as it now copies the links' models (no database change)."""
    return [
        migrations.AlterField(
            model_name=model_name,
            name=name,
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=to,
            ),
        )
        for name, to in (("agreement", "partners.agreement"), (target_field, target_model))
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0010_agreement_state_constraints"),
        ("units", "0004_search_keys_and_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                link(
                    "AgreementPartner",
                    "partners_agreement_partners",
                    "partner of an agreement",
                    "partners of agreements",
                    "partner",
                    "partners.partner",
                ),
                link(
                    "AgreementUnit",
                    "partners_agreement_units",
                    "unit of an agreement",
                    "units of agreements",
                    "researchunit",
                    "units.researchunit",
                ),
                migrations.AlterField(
                    model_name="agreement",
                    name="partners",
                    field=models.ManyToManyField(
                        related_name="agreements",
                        through="partners.AgreementPartner",
                        to="partners.partner",
                        verbose_name="partners",
                    ),
                ),
                migrations.AlterField(
                    model_name="agreement",
                    name="units",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="agreements",
                        through="partners.AgreementUnit",
                        to="units.researchunit",
                        verbose_name="units",
                    ),
                ),
            ],
        ),
        *history_link("historicalagreement_partners", "partner", "partners.partner"),
        *history_link("historicalagreement_units", "researchunit", "units.researchunit"),
        migrations.AlterUniqueTogether(name="agreementpartner", unique_together=set()),
        migrations.AddConstraint(
            model_name="agreementpartner",
            constraint=models.UniqueConstraint(fields=("agreement", "partner"), name="agreement_partner_once"),
        ),
        migrations.AlterUniqueTogether(name="agreementunit", unique_together=set()),
        migrations.AddConstraint(
            model_name="agreementunit",
            constraint=models.UniqueConstraint(fields=("agreement", "researchunit"), name="agreement_unit_once"),
        ),
    ]
