"""An agreement's status becomes its stage (what people decide: draft, negotiating, signed,
terminated early), with the date of an early termination. Whether it is in force is
computed from its dates, never stored. 0009 moves the records over, 0010 adds the rules."""

from django.db import migrations, models

STAGE = models.CharField(
    choices=[
        ("draft", "Draft"),
        ("negotiating", "Under negotiation"),
        ("signed", "Signed"),
        ("terminated", "Terminated early"),
    ],
    default="draft",
    help_text="Whether a signed agreement is in force follows from its dates.",
    max_length=20,
    verbose_name="stage",
)
TERMINATED_ON = models.DateField(
    blank=True,
    help_text="For an agreement terminated early: its last day in force.",
    null=True,
    verbose_name="terminated on",
)
IS_PUBLIC = models.BooleanField(
    default=False, help_text="Listed on the public pages once signed.", verbose_name="public"
)


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0007_partner_network_and_founding"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="agreement", name="agreement_public"),
        migrations.RenameField(model_name="agreement", old_name="status", new_name="stage"),
        migrations.RenameField(model_name="historicalagreement", old_name="status", new_name="stage"),
        migrations.AlterField(model_name="agreement", name="stage", field=STAGE),
        migrations.AlterField(model_name="historicalagreement", name="stage", field=STAGE.clone()),
        migrations.AddField(model_name="agreement", name="terminated_on", field=TERMINATED_ON),
        migrations.AddField(model_name="historicalagreement", name="terminated_on", field=TERMINATED_ON.clone()),
        migrations.AlterField(model_name="agreement", name="is_public", field=IS_PUBLIC),
        migrations.AlterField(model_name="historicalagreement", name="is_public", field=IS_PUBLIC.clone()),
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(fields=["is_public", "stage"], name="agreement_public"),
        ),
    ]
