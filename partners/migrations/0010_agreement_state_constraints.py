"""What can never be true of an agreement, whatever the day, refused by the database."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0009_agreement_stage_data"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="agreement",
            constraint=models.CheckConstraint(
                condition=models.Q(("stage", "draft"), ("stage", "negotiating"), ("signed_on__isnull", False), _connector="OR"),
                name="agreement_signed_has_signature_date",
                violation_error_message="A signed agreement has a signature date.",
            ),
        ),
        migrations.AddConstraint(
            model_name="agreement",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("stage", "terminated"), ("terminated_on__isnull", False)),
                    models.Q(models.Q(("stage", "terminated"), _negated=True), ("terminated_on__isnull", True)),
                    _connector="OR",
                ),
                name="agreement_termination_date_iff_terminated",
                violation_error_message="An agreement terminated early has a termination date, and no other agreement has one.",
            ),
        ),
        migrations.AddConstraint(
            model_name="agreement",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("terminated_on__isnull", True),
                    models.Q(
                        ("terminated_on__gte", models.F("start")),
                        models.Q(("end__isnull", True), ("terminated_on__lte", models.F("end")), _connector="OR"),
                    ),
                    _connector="OR",
                ),
                name="agreement_terminated_within_its_dates",
                violation_error_message="An agreement is terminated between its start and its planned end.",
            ),
        ),
    ]
