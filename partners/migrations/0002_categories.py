"""The ten partner categories of the brief. Slugs are stable: URLs and imports use them."""

from django.db import migrations

CATEGORIES = [
    (
        "higher-education",
        "Universités et établissements d'enseignement supérieur",
        "Universities and higher-education establishments",
        "Universités, écoles et autres établissements d'enseignement supérieur et de recherche "
        "avec lesquels Inserm partage des unités, des équipes et des projets.",
        "Universities, schools and other higher-education and research establishments that share "
        "units, teams and projects with Inserm.",
    ),
    (
        "foundations-charities",
        "Fondations et associations caritatives",
        "Foundations and charities",
        "Fondations et associations qui soutiennent la recherche par des appels à projets, des prix "
        "récompensant l'excellence ou des programmes construits avec Inserm, comme Avenir.",
        "Foundations and charities that fund research through calls for proposals, awards for "
        "excellence, or programmes built with Inserm such as Avenir.",
    ),
    (
        "hospitals-cancer-centres",
        "Hôpitaux et centres de lutte contre le cancer",
        "Hospitals and cancer research centres",
        "Centres hospitaliers universitaires, centres de lutte contre le cancer et autres lieux de soins "
        "où sont implantées la plupart des structures de recherche d'Inserm.",
        "University hospitals, cancer centres and other places of care that host most of Inserm's "
        "research structures.",
    ),
    (
        "health-agencies",
        "Agences sanitaires",
        "Health agencies",
        "Agences publiques de santé avec lesquelles Inserm organise séminaires, appels d'offres et "
        "programmes cofinancés, souvent en croisant biomédecine et sciences sociales.",
        "Public health agencies with which Inserm runs seminars, calls for tenders and co-funded "
        "programmes, often bringing biomedicine together with the social sciences.",
    ),
    (
        "research-bodies",
        "Organismes de recherche",
        "Research bodies",
        "Autres organismes de recherche avec lesquels Inserm crée des structures mixtes autour "
        "d'objectifs scientifiques communs.",
        "Other research organisations with which Inserm sets up mixed structures around shared "
        "scientific objectives.",
    ),
    (
        "industry",
        "Industrie (via Inserm Transfert)",
        "Industry (through Inserm Transfert)",
        "Entreprises des biotechnologies, du médicament et des technologies médicales, partenaires "
        "d'Inserm par l'intermédiaire de sa filiale de valorisation.",
        "Biotechnology, pharmaceutical and medical-technology companies that work with Inserm "
        "through its technology-transfer subsidiary.",
    ),
    (
        "patient-associations",
        "Associations de malades, de personnes handicapées et de familles",
        "Patient, disability and family associations",
        "Associations de personnes malades ou handicapées et de leurs proches, avec lesquelles Inserm "
        "entretient un dialogue et des partenariats.",
        "Associations of patients, people with disabilities and their families, with which Inserm "
        "keeps up dialogue and partnerships.",
    ),
    (
        "social-protection",
        "Organismes de protection sociale",
        "Social protection bodies",
        "Caisses et organismes de protection sociale : expertises collectives, financement de "
        "recherches ciblées et bilans bibliographiques sur la santé de la population et l'organisation "
        "des soins.",
        "Social security funds and similar bodies: collective expertise, targeted research funding and "
        "literature reviews on population health and the organisation of care and prevention.",
    ),
    (
        "local-governments",
        "Collectivités territoriales",
        "Local and regional governments",
        "Régions, départements et communes ; avec les régions, des accords-cadres de coopération "
        "fixent les axes de partenariat.",
        "Regions, départements and municipalities; with the regions, framework agreements set the "
        "axes of the partnership.",
    ),
    (
        "european-networks",
        "Réseaux européens (Science Europe)",
        "European networks (Science Europe)",
        "Science Europe, créée en 2011, rassemble des organismes européens qui financent ou mènent "
        "la recherche ; Inserm en est membre.",
        "Science Europe, founded in 2011, brings together European organisations that fund or perform "
        "research; Inserm is a member.",
    ),
]


def create_categories(apps, schema_editor):
    Category = apps.get_model("partners", "Category")
    for order, (slug, name_fr, name_en, description_fr, description_en) in enumerate(CATEGORIES, start=1):
        Category.objects.update_or_create(
            slug=slug,
            defaults={
                "name_fr": name_fr,
                "name_en": name_en,
                "description_fr": description_fr,
                "description_en": description_en,
                "display_order": order,
            },
        )


def remove_categories(apps, schema_editor):
    Category = apps.get_model("partners", "Category")
    Category.objects.filter(slug__in=[row[0] for row in CATEGORIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]

    operations = [migrations.RunPython(create_categories, remove_categories)]
