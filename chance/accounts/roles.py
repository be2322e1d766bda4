"""The roles of the program, as Django groups, and the model permissions each holds.

Model permissions say what a role may do in general; which youths it may do it to is decided
by the access policy (``chance.access``), from the grounds each app registers.
Permissions are named as strings so this core module imports no domain app.
"""

from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext_lazy as _

CLINICIAN = "Clinician"
COORDINATOR = "Care coordinator"
SUPERVISOR = "Supervisor"
ONCALL = "On-call clinician"
SUPPORT = "Home support staff"
ADMIN = "Program admin"
# The people around the youth who are not office staff: a foster parent signs in to the youth
# placed in their own home; a survivor mentor to the youths they mentor (``frontline``).
CAREGIVER = "Foster caregiver"
MENTOR = "Survivor mentor"

ALL_ROLES = [CLINICIAN, COORDINATOR, SUPERVISOR, ONCALL, SUPPORT, ADMIN, MENTOR, CAREGIVER]
# Everyone on the program's staff (case teams, the staff training ledger): not foster parents,
# who are the program's partners and are trained on the caregiver ledger of their home.
STAFF_ROLES = [r for r in ALL_ROLES if r != CAREGIVER]
# The roles that work from the office's pages (due work, lists, reports); the people in the
# home and mentors work from their home page and the youth's own pages.
OFFICE_ROLES = [r for r in ALL_ROLES if r not in (CAREGIVER, MENTOR)]

# The roles as people read them: the groups keep their English names (the access policy and the
# admin find them by name), the pages show these.
LABELS = {
    CLINICIAN: _("Clinician"),
    COORDINATOR: _("Care coordinator"),
    SUPERVISOR: _("Supervisor"),
    ONCALL: _("On-call clinician"),
    SUPPORT: _("Home support staff"),
    ADMIN: _("Program admin"),
    MENTOR: _("Survivor mentor"),
    CAREGIVER: _("Foster caregiver"),
}


def labels_of(names):
    """A user's roles (group names) in the active language, in the program's order."""
    return [LABELS[name] for name in ALL_ROLES if name in names]


# "app_label.codename" of model-level permissions. Apps that land later add theirs here;
# missing permissions (an app not migrated yet) are skipped and picked up on the next migrate.
ROLE_PERMISSIONS = {
    CLINICIAN: [
        "cases.view_youth",
        "cases.view_contact",
        "cases.add_contact",
        "cases.change_contact",
        "cases.view_safetyalert",
        "cases.add_safetyalert",
        "cases.change_safetyalert",
    ],
    COORDINATOR: [
        "cases.view_youth",
        "cases.add_youth",
        "cases.change_youth",
        "cases.manage_lifecycle",
        "cases.view_all_youths",
        "cases.view_referral",
        "cases.add_referral",
        "cases.change_referral",
        "cases.view_caseassignment",
        "cases.add_caseassignment",
        "cases.change_caseassignment",
        "cases.view_contact",
        "cases.add_contact",
        "cases.change_contact",
        "cases.view_safetyalert",
        "cases.add_safetyalert",
        "cases.change_safetyalert",
    ],
    SUPERVISOR: [
        "cases.view_youth",
        "cases.manage_lifecycle",  # only on youths the access policy lets them see (supervised)
        "cases.view_referral",
        "cases.view_caseassignment",
        "cases.add_caseassignment",
        "cases.change_caseassignment",
        "cases.view_contact",
        "cases.view_safetyalert",
        "audit.view_accesslog",
    ],
    ONCALL: [
        "cases.view_youth",
        "cases.view_safetyalert",
    ],
    SUPPORT: [
        "cases.view_youth",
        "cases.view_safetyalert",
        "cases.view_contact",
    ],
    # What they may do to which youth is the access policy's answer (frontline/access.py).
    MENTOR: ["frontline.add_mentoringsession"],
    CAREGIVER: ["frontline.add_homenote", "frontline.add_incident"],
    ADMIN: [
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "audit.view_accesslog",
    ],
}

# placements: which homes and youths each may reach is decided in placements/selectors.py.
_HOME_MODELS = ["home", "caregiver", "trainingrecord", "alarmevent", "supportassignment"]
_PLACEMENT_MODELS = _HOME_MODELS + ["placement", "missingepisode"]
ROLE_PERMISSIONS[COORDINATOR] += [
    f"placements.{verb}_{m}" for m in _PLACEMENT_MODELS for verb in ("view", "add", "change")
] + ["placements.view_all_homes", "placements.open_missing_any_active"]
ROLE_PERMISSIONS[SUPERVISOR] += [f"placements.view_{m}" for m in _PLACEMENT_MODELS] + [
    "placements.view_all_homes"
]
ROLE_PERMISSIONS[CLINICIAN] += ["placements.view_home", "placements.view_placement"]
ROLE_PERMISSIONS[ONCALL] += ["placements.add_missingepisode", "placements.open_missing_any_active"]
ROLE_PERMISSIONS[SUPPORT] += [
    "placements.view_home",
    "placements.view_placement",
    "placements.add_missingepisode",
]

# services: clinical records are per youth (view_clinical …, services/views.py); these cover the
# on-call rota, the crisis-call log and the catalogues.
_ROTA = ["services.view_oncallshift"]
ROLE_PERMISSIONS[CLINICIAN] += _ROTA
ROLE_PERMISSIONS[COORDINATOR] += _ROTA
ROLE_PERMISSIONS[SUPERVISOR] += _ROTA + ["services.view_crisiscall"]
ROLE_PERMISSIONS[ONCALL] += _ROTA + ["services.add_crisiscall", "services.change_crisiscall"]
ROLE_PERMISSIONS[ADMIN] += [
    f"services.{verb}_{m}"
    for m in ("oncallshift", "servicetype")
    for verb in ("view", "add", "change")
] + ["services.view_instrument", "services.change_instrument"]  # a new version is a YAML file
# cases: the youth-profile catalogues (edited in Django admin, cases/admin.py; no delete).
ROLE_PERMISSIONS[ADMIN] += [
    f"cases.{verb}_{m}"
    for m in ("exploitationtype", "recruitmentpathway", "vulnerabilityfactor")
    for verb in ("view", "add", "change")
]

# The API's tokens (django-rest-knox): the program admin sees who holds one and until when, and
# revokes one by deleting it; tokens are created only by manage.py create_api_token.
ROLE_PERMISSIONS[ADMIN] += ["knox.view_authtoken", "knox.delete_authtoken"]


def sync_role_permissions(sender=None, using=DEFAULT_DB_ALIAS, **kwargs):
    """Make each role group hold exactly the permissions listed above (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    wanted = {perm for perms in ROLE_PERMISSIONS.values() for perm in perms}
    by_name = {}
    for perm in (
        Permission.objects.using(using)
        .filter(content_type__app_label__in={p.split(".")[0] for p in wanted})
        .select_related("content_type")
    ):
        by_name[f"{perm.content_type.app_label}.{perm.codename}"] = perm
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        group.permissions.set([by_name[p] for p in perms if p in by_name])
