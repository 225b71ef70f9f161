"""The search relevance set: queries as people type them, in French and English, each with
the record it should find on the scale-1 demo data (seed_demo), and the list it is typed
into: (query, language, kind, key), kind "unit" (key: its code), "partner" or "site" (key:
its slug). It holds the queries of issue 17 and the failure cases reported to ROR (a city
ignored, extra words, exact match not first, plurals, apostrophes, typeahead by prefix).
test_relevance.py runs it: the record first for 90% of them at least, in the first five
for all."""

RELEVANCE = [
    # Issue 17's queries
    ("lyon", "fr", "site", "hopital-edouard-herriot"),
    ("lyon", "en", "partner", "hospices-civils-de-lyon-hcl"),
    ("Université Paris Cité", "fr", "partner", "universite-paris-cite-upcite"),
    ("AP-HP", "fr", "partner", "assistance-publique-hopitaux-de-paris-ap-hp"),
    ("APHP", "fr", "partner", "assistance-publique-hopitaux-de-paris-ap-hp"),
    ("AP HP", "en", "partner", "assistance-publique-hopitaux-de-paris-ap-hp"),
    ("Sanofi", "en", "partner", "sanofi"),
    ("hôpital", "fr", "partner", "hopital-foch"),
    ("hopital", "fr", "partner", "hopital-foch"),
    ("hôpitaux", "fr", "partner", "hopitaux-universitaires-de-strasbourg-hus"),
    ("hôpital Foch", "fr", "partner", "hopital-foch"),
    ("hopital foch", "fr", "partner", "hopital-foch"),
    ("hôpitaux de Paris", "fr", "partner", "assistance-publique-hopitaux-de-paris-ap-hp"),
    ("hôpitaux universitaires de Strasbourg", "fr", "partner", "hopitaux-universitaires-de-strasbourg-hus"),
    ("Université Paris Descartes", "fr", "partner", "universite-paris-cite-upcite"),
    ("Université de Paris", "fr", "partner", "universite-paris-cite-upcite"),
    ("Paris Diderot", "fr", "partner", "universite-paris-cite-upcite"),
    # unit numbers in any spelling
    ("U1158", "fr", "unit", "U1158"),
    ("u 1158", "fr", "unit", "U1158"),
    ("Inserm U1158", "fr", "unit", "U1158"),
    ("1158", "en", "unit", "U1158"),
    ("UMR-S 1089", "fr", "unit", "UMR-S 1089"),
    ("UMRS1089", "fr", "unit", "UMR-S 1089"),
    ("umr s 1089", "en", "unit", "UMR-S 1089"),
    ("U1089", "en", "unit", "UMR-S 1089"),
    ("unité 1252", "fr", "unit", "UMR 1252"),
    ("UMR 1252", "fr", "unit", "UMR 1252"),
    ("199401158F", "fr", "unit", "U1158"),
    # acronyms: exact match first (ROR)
    ("CRTC", "fr", "unit", "U1158"),
    ("ITCP", "fr", "unit", "UMR-S 1295"),
    ("HCL", "fr", "partner", "hospices-civils-de-lyon-hcl"),
    ("ANR", "fr", "partner", "agence-nationale-de-la-recherche-anr"),
    ("HAS", "fr", "partner", "haute-autorite-de-sante-has"),
    ("AMU", "fr", "partner", "aix-marseille-universite-amu"),
    ("UPMC", "en", "partner", "sorbonne-universite-su"),
    ("Institut Pasteur", "fr", "partner", "institut-pasteur"),
    ("Institut Curie", "en", "partner", "institut-curie"),
    # former names
    ("Université Pierre-et-Marie-Curie", "fr", "partner", "sorbonne-universite-su"),
    ("Paris-Sorbonne", "fr", "partner", "sorbonne-universite-su"),
    ("Lille 2", "fr", "partner", "universite-de-lille-ulille"),
    ("Université Louis-Pasteur", "fr", "partner", "universite-de-strasbourg-unistra"),
    ("Université Joseph Fourier", "fr", "partner", "universite-grenoble-alpes-uga"),
    ("Paris-Sud", "en", "partner", "universite-paris-saclay-upsaclay"),
    ("Université de Nantes", "fr", "partner", "nantes-universite-nu"),
    # the city counts (ROR: "CHU Rennes" matched other CHUs)
    ("CHU Rennes", "fr", "partner", "chu-de-rennes"),
    ("CHU Rennes", "fr", "site", "chu-de-rennes-hopital-pontchaillou"),
    ("CHU Bordeaux", "fr", "partner", "chu-de-bordeaux"),
    ("CHU Lille", "en", "site", "chu-de-lille"),
    ("centre cancer Lyon", "fr", "partner", "centre-international-de-recherche-sur-le-cancer-circ"),
    ("Centre Léon Bérard", "fr", "partner", "centre-leon-berard-clb"),
    # extra words do not empty the results (ROR)
    ("Sanofi xyzzy", "fr", "partner", "sanofi"),
    ("Necker hôpital wxcvbn", "fr", "site", "hopital-necker-enfants-malades"),
    ("Institut Curie Paris France", "en", "partner", "institut-curie"),
    ("Hôpital Necker Paris", "fr", "site", "hopital-necker-enfants-malades"),
    # plurals and word forms
    ("hospices civil lyon", "fr", "partner", "hospices-civils-de-lyon-hcl"),
    ("hôpitaux Lyon Sud", "fr", "site", "hopital-lyon-sud"),
    ("Strasbourg university hospitals", "en", "partner", "hopitaux-universitaires-de-strasbourg-hus"),
    ("University of Lille", "en", "partner", "universite-de-lille-ulille"),
    ("neuroscience immunologie", "fr", "unit", "UMR-S 1089"),
    ("laboratoires de néphrologie ophtalmologie", "fr", "unit", "UMR 1252"),
    # apostrophes and hyphens
    ("l'Université de Lille", "fr", "partner", "universite-de-lille-ulille"),
    ("Université d'Angers", "fr", "partner", "universite-dangers-ua"),
    ("universite d angers", "fr", "partner", "universite-dangers-ua"),
    ("Institut d'infectiologie de Paris", "fr", "unit", "U1322"),
    ("Pitie Salpetriere", "fr", "site", "hopital-pitie-salpetriere"),
    ("Pitié-Salpêtrière", "fr", "site", "hopital-pitie-salpetriere"),
    ("Université Côte d'Azur", "fr", "partner", "universite-cote-dazur-unica"),
    # typeahead by prefix
    ("Gustave Rou", "fr", "site", "gustave-roussy"),
    ("Sano", "en", "partner", "sanofi"),
    ("Institut Pasteur de Lil", "fr", "partner", "institut-pasteur-de-lille"),
    ("toxicologie de Ca", "fr", "unit", "U1158"),
    # a single typo in a word of five letters or more
    ("neckre", "fr", "site", "hopital-necker-enfants-malades"),
    ("Unviersité de Lille", "fr", "partner", "universite-de-lille-ulille"),
    ("Sanofy", "en", "partner", "sanofi"),
    ("Hospices Civls de Lyon", "fr", "partner", "hospices-civils-de-lyon-hcl"),
    ("toxicolgie Caen", "fr", "unit", "U1158"),
    ("Bergonie", "fr", "site", "institut-bergonie"),
]
