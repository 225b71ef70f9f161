"""Staff roles, as Django groups created by the migration `partners/0003_roles`."""

EDITORS = "Editors"  # add, change, delete and view every portal record
MANAGERS = "Managers"  # view every portal record, drafts and confidential fields included
