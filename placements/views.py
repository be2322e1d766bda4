"""Thin views: fetch with permission, validate with a form, call one action, redirect."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.youth_page import render_youth_page
from chance.access import Need, access_for_request, youth_view
from chance.audit import log as audit_log
from chance.audit.models import AccessLog
from chance.documents import download as documents_download
from chance.documents import give_version_forms, version_form_ids
from chance.forms import show_refusal
from chance.links import url_around_pk, url_for_pk
from chance.security.decorators import reauth_redirect, recent_auth_required

from . import actions, forms, selectors
from .addresses import ReauthNeeded, home_contact_for
from .clock import report_clock
from .models import AlarmEvent, Caregiver, Home, Placement, SupportAssignment, missing_since
from .rules import home_readiness


def _require(request, perm):
    """Deny by default: a missing permission is a 404, like a missing record."""
    if not request.user.has_perm(perm):
        raise Http404("Not found")


# Homes ----------------------------------------------------------------------------------------


# The board shows the most urgent of the waitlist; the waitlist page shows everyone.
BOARD_WAITLIST_SIZE = 25
# Homes a page of the board shows: readiness is worked out for these only.
BOARD_PAGE_SIZE = 50
BOARD_BLOCKER_LABELS = (
    (gettext_lazy("Certification"), "certification"),
    (gettext_lazy("Training"), "training"),
    (gettext_lazy("Alarm"), "alarm"),
    (gettext_lazy("Household"), "household"),
)


class _CountedPaginator(Paginator):
    """Pages ``object_list`` but counts ``counted``, the same rows without the joins that
    only add columns (and would only slow the count)."""

    def __init__(self, object_list, per_page, *, counted):
        super().__init__(object_list, per_page)
        self.counted = counted

    @cached_property
    def count(self):
        return self.counted.count()


def _board_row(home, readiness, *, urls):
    """What one row of the board shows, worked out here so the template only writes it out."""
    return {
        "code": home.code,
        "url": url_for_pk(urls["home"], home.pk),
        "status": home.get_status_display(),
        "youth": {
            "url": url_for_pk(urls["youth"], home.youth_pk),
            "record_number": home.youth_record_number,
            "first_name": home.youth_first_name,
            "since": home.placed_on.isoformat(),
        }
        if home.placement_id and home.youth_visible
        else None,
        "occupied": home.placement_id is not None,
        "missing": missing_since(home.youth_missing_since) if home.youth_missing_since else "",
        "ready": readiness.ready,
        "blockers": [
            (label, problem)
            for label, kind in BOARD_BLOCKER_LABELS
            for problem in getattr(readiness, kind)
        ],
        "place_url": url_for_pk(urls["place"], home.pk),
    }


@require_GET
def board(request):
    """A page of homes by code, each with its readiness, filtered by occupancy and status, and
    the top of the waitlist. Only the filters and the page number are in the address."""
    _require(request, selectors.ALL_HOMES)
    occupancy = request.GET.get("occupancy", "")
    status = request.GET.get("status", "")
    occupancy = occupancy if occupancy in dict(selectors.BOARD_OCCUPANCY) else ""
    status = status if status in dict(selectors.BOARD_STATUSES) else ""
    page = _CountedPaginator(
        selectors.board_homes(user=request.user, occupancy=occupancy, status=status),
        BOARD_PAGE_SIZE,
        counted=selectors.board_filter(occupancy=occupancy, status=status),
    ).get_page(request.GET.get("page"))
    urls = {
        "home": url_around_pk("placements:home_detail"),
        "place": url_around_pk("placements:home_place"),
        "youth": url_around_pk("placements:youth_placements"),
    }
    waitlist, waiting = selectors.waitlist_top(request.user, BOARD_WAITLIST_SIZE)
    for youth in waitlist:
        youth["url"] = url_for_pk(urls["youth"], youth["id"])
        youth["since"] = timezone.localdate(youth["waitlisted_at"]).isoformat()
    return render(
        request,
        "placements/board.html",
        {
            "page": page,
            "rows": [
                _board_row(home, readiness, urls=urls)
                for home, readiness in selectors.with_readiness(
                    list(page.object_list), on=selectors.today()
                )
            ],
            "occupancy": occupancy,
            "status": status,
            "occupancies": selectors.BOARD_OCCUPANCY,
            "statuses": selectors.BOARD_STATUSES,
            "filter_query": urlencode(
                [
                    (key, value)
                    for key, value in (("occupancy", occupancy), ("status", status))
                    if value
                ]
            ),
            "waitlist": waitlist,
            "waiting": waiting,
            "can_see_waitlist": request.user.has_perm("cases.view_referral"),
            "can_place": request.user.has_perm("placements.add_placement"),
            "can_add_home": request.user.has_perm("placements.add_home"),
        },
    )


@require_GET
def home_list(request):
    homes = list(selectors.visible_homes(request.user).order_by("code"))
    return render(request, "placements/home_list.html", {"homes": homes})


@require_GET
def home_detail(request, pk):
    home = selectors.home_for(request, pk)
    full = selectors.can_see_home_address(request.user, home)
    caregivers = list(
        selectors.caregivers_of(home).prefetch_related("training").order_by("last_name")
    )
    readiness = home_readiness(
        home, on=selectors.today(), caregivers=[c for c in caregivers if c.active]
    )
    return render(
        request,
        "placements/home_detail.html",
        {
            "home": home,
            "readiness": readiness,
            "can_see_address": full,
            "caregivers": caregivers if full else [],
            "alarm_events": selectors.alarm_events_for(home) if full else [],
            "support": list(
                home.support_assignments.filter(ended_on__isnull=True).select_related("user")
            )
            if full
            else [],
            "can_change": request.user.has_perm("placements.change_home"),
            "can_see_documents": selectors.may_see_home_documents(request.user, home),
            "can_end_support": request.user.has_perm(SUPPORT_PERM),
            "today": selectors.today(),
        },
    )


@require_GET
@recent_auth_required
def home_address(request, pk):
    """The confidential address and phone, and the phones of the home's caregivers, on a page
    of their own; every view is logged (``addresses.home_contact_for``, the one place they are
    read: one access-log row for all of them)."""
    home = selectors.home_for(request, pk)
    try:
        contact = home_contact_for(request, home, with_caregivers=True)
    except ReauthNeeded:
        return reauth_redirect(request)
    return render(request, "placements/home_address.html", {"home": home, "contact": contact})


@require_http_methods(["GET", "POST"])
def home_edit(request, pk=None):
    """The home's record. The address and phone are not shown (their fields start empty and
    replace the stored values only when filled in), so the form needs no re-auth and shows
    nothing of the youth living there."""
    if pk is None:
        _require(request, "placements.add_home")
        home = Home()
    else:
        _require(request, "placements.change_home")
        home = selectors.home_for(request, pk)
    form = forms.HomeForm(request.POST or None, instance=home)
    if request.method == "POST" and form.is_valid():
        try:
            home = actions.home_save(home=form.instance, by=request.user)
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("%(code)s saved.") % {"code": home.code})
            return redirect("placements:home_detail", home.pk)
    return render(
        request,
        "placements/form.html",
        {"form": form, "title": pgettext("foster home", "Home"), "home": home},
    )


@require_http_methods(["GET", "POST"])
def caregiver_edit(request, home_pk, pk=None):
    """A caregiver's record. The phone is not shown (its field starts empty and replaces the
    number on file only when filled in), so the form needs no re-auth and writes no log row;
    the number is read on the home's address page (re-auth, logged)."""
    _require(request, "placements.change_caregiver")
    home = selectors.home_for(request, home_pk)
    caregiver = (
        Caregiver(home=home) if pk is None else selectors.caregivers_of(home).filter(pk=pk).first()
    )
    if caregiver is None:
        raise Http404("No such caregiver")
    form = forms.CaregiverForm(
        request.POST or None,
        instance=caregiver,
        phone_on_file=getattr(caregiver, "phone_on_file", False),
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.caregiver_save(
                caregiver=form.instance, by=request.user, new_phone=form.cleaned_data["phone"]
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Caregiver saved for %(home)s.") % {"home": home.code})
            return redirect("placements:home_detail", home.pk)
    return render(
        request, "placements/form.html", {"form": form, "title": _("Caregiver"), "home": home}
    )


@require_http_methods(["GET", "POST"])
def training_add(request, home_pk, caregiver_pk):
    _require(request, "placements.add_trainingrecord")
    home = selectors.home_for(request, home_pk)
    caregiver = Caregiver.objects.filter(home=home, pk=caregiver_pk).first()
    if caregiver is None:
        raise Http404("No such caregiver")
    form = forms.TrainingRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.training_record_add(caregiver=caregiver, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Training recorded."))
            return redirect("placements:home_detail", home.pk)
    return render(
        request, "placements/form.html", {"form": form, "title": _("Training"), "home": home}
    )


@require_http_methods(["GET", "POST"])
def alarm_record(request, home_pk):
    _require(request, "placements.add_alarmevent")
    home = selectors.home_for(request, home_pk)
    form = forms.AlarmEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.alarm_event_record(
                home=home,
                kind=data["kind"],
                occurred_at=data["occurred_at"],
                test_passed=data["test_passed"],
                notes=data["notes"],
                youth=getattr(selectors.current_placement(home), "youth", None),
                by=request.user,
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Alarm event recorded."))
            return redirect("placements:home_detail", home.pk)
    return render(
        request, "placements/form.html", {"form": form, "title": _("Alarm event"), "home": home}
    )


@require_POST
def alarm_open_episode(request, pk):
    """One step from an unauthorized-exit alarm to an open missing episode."""
    event = AlarmEvent.objects.filter(pk=pk).select_related("home", "youth").first()
    if event is None:
        raise Http404("No such alarm event")
    selectors.home_for(request, event.home_id)
    placement = selectors.current_placement(event.home)
    youth = event.youth or (placement.youth if placement else None)
    if youth is None:
        raise Http404("No such alarm event")
    access_for_request(request, youth.pk, Need.REPORT_MISSING)
    try:
        episode = actions.missing_episode_open_from_alarm(alarm_event=event, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("placements:home_detail", event.home_id)
    messages.success(request, _("Missing episode opened. Reports are due within 24 hours."))
    return redirect("placements:episode_detail", episode.pk)


# Home documents -------------------------------------------------------------------------------


def _documented_home(request, pk):
    """The home, if the user may see its documents (``selectors.may_see_home_documents``)."""
    home = selectors.home_for(request, pk)
    if not selectors.may_see_home_documents(request.user, home):
        raise Http404("No such home")
    return home


def _home_documents_page(request, home, form=None, version_form=None, failed=None):
    may_add = selectors.may_add_home_documents(request.user, home)
    documents = selectors.home_documents(home)
    today = selectors.today()
    for doc in documents:
        doc.expired = doc.expires_on is not None and doc.expires_on < today
    if may_add:
        give_version_forms(
            documents, forms.HomeDocumentVersionForm, failed=failed, version_form=version_form
        )
    if form is None and may_add:
        form = forms.HomeDocumentForm(caregivers=_caregiver_choices(home))
    return render(
        request,
        "placements/home_documents.html",
        {"home": home, "documents": documents, "form": form, "failed": failed},
        status=400 if (form is not None and form.errors) or version_form is not None else 200,
    )


def _caregiver_choices(home):
    return Caregiver.objects.filter(home=home, active=True).defer("_phone")


def _filed(form, run, request, message):
    try:
        run()
    except ValidationError as exc:
        show_refusal(form, exc)
        return False
    messages.success(request, message)
    return True


@require_http_methods(["GET", "POST"])
def home_documents(request, pk):
    """A home's license, certificates and screenings, and the form filing one (multipart)."""
    home = _documented_home(request, pk)
    if request.method == "GET":
        return _home_documents_page(request, home)
    if not selectors.may_add_home_documents(request.user, home):
        raise Http404("No such home")
    form = forms.HomeDocumentForm(request.POST, request.FILES, caregivers=_caregiver_choices(home))
    if form.is_valid():
        data = dict(form.cleaned_data)
        content, content_type = data.pop("file")
        run = lambda: actions.home_document_add(  # noqa: E731
            home=home, by=request.user, content=content, content_type=content_type, **data
        )
        if _filed(form, run, request, _("Document added.")):
            return redirect("placements:home_documents", home.pk)
    return _home_documents_page(request, home, form=form)


@require_POST
def home_document_version(request, pk, version):
    home = _documented_home(request, pk)
    previous = selectors.home_document(home, version)
    if previous is None or not selectors.may_add_home_documents(request.user, home):
        raise Http404("No such document")
    form = forms.HomeDocumentVersionForm(
        request.POST, request.FILES, auto_id=version_form_ids(previous.series)
    )
    if form.is_valid():
        content, content_type = form.cleaned_data["file"]
        run = lambda: actions.home_document_new_version(  # noqa: E731
            previous=previous,
            by=request.user,
            content=content,
            content_type=content_type,
            expires_on=form.cleaned_data["expires_on"],
        )
        if _filed(form, run, request, _("New version added; the earlier ones are kept.")):
            return redirect("placements:home_documents", home.pk)
    return _home_documents_page(request, home, version_form=form, failed=previous.series)


@require_GET
@recent_auth_required
def home_document_download(request, pk, version):
    """The file of one version, as an attachment: an export row in the access log (about the
    home: no youth's), never cached."""
    home = _documented_home(request, pk)
    document = selectors.home_document(home, version)
    if document is None:
        raise Http404("No such document")
    audit_log.append(
        action=AccessLog.Action.EXPORTED,
        user=request.user,
        what="placements:home_document_download",
        object_ref=f"placements.HomeDocument:{document.pk}",
        request=request,
        reason="Home document downloaded",
    )
    return documents_download(document)


# Who assigns home support staff also ends the assignment.
SUPPORT_PERM = "placements.add_supportassignment"


@require_http_methods(["GET", "POST"])
def support_assign(request, home_pk):
    _require(request, SUPPORT_PERM)
    home = selectors.home_for(request, home_pk)
    form = forms.SupportAssignmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.support_assignment_create(
                home=home,
                user=form.cleaned_data["user"],
                started_on=form.cleaned_data["started_on"],
                by=request.user,
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(
                request, _("Support staff assigned to %(code)s.") % {"code": home.code}
            )
            return redirect("placements:home_detail", home.pk)
    return render(
        request, "placements/form.html", {"form": form, "title": _("Support staff"), "home": home}
    )


@require_http_methods(["GET", "POST"])
def support_end(request, home_pk, pk):
    """End a staff member's support of a home (posted from the home page); from then on they
    no longer see its address. A refusal comes back on a page of its own, next to the field."""
    _require(request, SUPPORT_PERM)
    home = selectors.home_for(request, home_pk)
    assignment = (
        SupportAssignment.objects.filter(home=home, pk=pk, ended_on__isnull=True)
        .select_related("user")
        .first()
    )
    if assignment is None:
        raise Http404("No such support assignment")
    form = forms.SupportEndForm(request.POST or None, assignment=assignment)
    if request.method == "POST" and form.is_valid():
        try:
            actions.support_assignment_end(
                assignment=assignment,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Support for %(code)s ended.") % {"code": home.code})
            return redirect("placements:home_detail", home.pk)
    name = str(assignment.user)
    return render(
        request,
        "placements/form.html",
        {"form": form, "title": _("End support by %(name)s") % {"name": name}, "home": home},
    )


@require_http_methods(["GET", "POST"])
def home_place(request, home_pk):
    """The board's "place" action: a youth from the waitlist (or an active STFC youth)."""
    _require(request, "placements.add_placement")
    _require(request, "cases.view_all_youths")
    home = selectors.home_for(request, home_pk)
    form = forms.PlaceInHomeForm(
        request.POST or None,
        youths=selectors.placeable_youths(request.user),
        top=actions.waitlist_top_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            placement = actions.placement_place_in_home(
                youth=form.cleaned_data["youth"],
                home=home,
                started_on=form.cleaned_data["started_on"],
                skip_reason=form.cleaned_data["skip_reason"],
                by=request.user,
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(
                request,
                _("%(record)s placed in %(home)s.")
                % {"record": placement.youth.record_number, "home": home.code},
            )
            return redirect("placements:board")
    return render(
        request,
        "placements/form.html",
        {"form": form, "title": _("Place a youth in"), "home": home},
    )


# Staff training (Fla. Admin. Code 65C-43.005) ---------------------------------------------------


@require_GET
def staff_training_list(request):
    """Every staff member with the training they owe, for coordinators and supervisors."""
    _require(request, "placements.view_trainingrecord")
    rows = selectors.staff_training_rows(list(selectors.program_staff()), on=selectors.today())
    return render(
        request,
        "placements/staff_training_list.html",
        {"rows": rows, "can_add": request.user.has_perm("placements.add_trainingrecord")},
    )


@require_GET
def staff_training(request, pk):
    """One staff member's training ledger and what they owe."""
    _require(request, "placements.view_trainingrecord")
    member = selectors.staff_member_for(request, pk)
    records = list(member.training.all())
    due = selectors.staff_training_due_for(
        records,
        first_case_on=selectors.first_case_dates([member.pk]).get(member.pk),
        on=selectors.today(),
    )
    return render(
        request,
        "placements/staff_training.html",
        {
            "member": member,
            "records": records,
            "due": due,
            "can_add": request.user.has_perm("placements.add_trainingrecord"),
        },
    )


@require_http_methods(["GET", "POST"])
def staff_training_add(request, pk):
    _require(request, "placements.add_trainingrecord")
    member = selectors.staff_member_for(request, pk)
    form = forms.TrainingRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.training_record_add(staff=member, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Training recorded."))
            return redirect("placements:staff_training", member.pk)
    return render(
        request,
        "placements/staff_training_form.html",
        {"form": form, "member": member},
    )


# Youth tabs: placements -----------------------------------------------------------------------


@require_GET
@youth_view()
def youth_placements(request, access):
    youth = access.youth
    placements = selectors.youth_placements(youth)
    visible_addresses = set()
    for p in placements:
        if (
            p.home is not None
            and p.is_open
            and selectors.can_see_home_address(request.user, p.home, access=access)
        ):
            visible_addresses.add(p.home_id)
    return render_youth_page(
        request,
        access,
        tab="placements",
        template="placements/youth_placements.html",
        context={
            "placements": placements,
            "address_homes": visible_addresses,
            "can_manage": request.user.has_perm("placements.add_placement")
            and access.allows(Need.EDIT),
            # Only a waitlisted or active youth can be placed; the others are told why not.
            "placeable": access.youth.status in actions.PLACEABLE,
        },
    )


def _access_for_placement_change(request, pk):
    # The youth first, so that a refusal on either ground is in the access log.
    access = access_for_request(request, pk, Need.EDIT)
    _require(request, "placements.add_placement")
    return access


def _home_choices():
    return Home.objects.exclude(status=Home.Status.CLOSED).order_by("code")


@require_http_methods(["GET", "POST"])
def placement_new(request, pk):
    access = _access_for_placement_change(request, pk)
    youth = access.youth
    form = forms.PlacementForm(request.POST or None, homes=_home_choices())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.placement_start(
                youth=youth,
                setting=data["setting"],
                home=data["home"],
                provider=data["provider"],
                started_on=data["started_on"],
                by=request.user,
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Placement recorded."))
            return redirect("placements:youth_placements", youth.pk)
    return render_youth_page(
        request,
        access,
        tab="placements",
        template="placements/youth_form.html",
        context={"form": form, "title": _("New placement")},
    )


def _open_placement(request, pk):
    placement = (
        Placement.objects.filter(pk=pk, ended_on__isnull=True).first()
        if str(pk).isdigit()
        else None
    )
    if placement is None:
        raise Http404("No such placement")
    return placement, _access_for_placement_change(request, placement.youth_id)


@require_http_methods(["GET", "POST"])
def placement_end(request, pk):
    placement, access = _open_placement(request, pk)
    youth = access.youth
    form = forms.PlacementEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.placement_end(
                placement=placement,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Placement ended."))
            return redirect("placements:youth_placements", youth.pk)
    return render_youth_page(
        request,
        access,
        tab="placements",
        template="placements/youth_form.html",
        context={"form": form, "title": _("End placement")},
    )


@require_http_methods(["GET", "POST"])
def placement_move(request, pk):
    placement, access = _open_placement(request, pk)
    youth = access.youth
    form = forms.PlacementMoveForm(request.POST or None, homes=_home_choices())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.placement_move(
                placement=placement,
                setting=data["setting"],
                home=data["home"],
                provider=data["provider"],
                on=data["started_on"],
                reason=data["reason"],
                by=request.user,
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Placement changed."))
            return redirect("placements:youth_placements", youth.pk)
    return render_youth_page(
        request,
        access,
        tab="placements",
        template="placements/youth_form.html",
        context={"form": form, "title": _("Move to another placement")},
    )


# Youth tabs: missing episodes -----------------------------------------------------------------


@require_GET
@youth_view()
def youth_missing(request, access):
    youth = access.youth
    return render_youth_page(
        request,
        access,
        tab="missing",
        template="placements/youth_missing.html",
        context={
            "episodes": selectors.youth_missing_episodes(youth),
            "can_open": access.allows(Need.REPORT_MISSING),
        },
    )


@require_http_methods(["GET", "POST"])
@youth_view(Need.REPORT_MISSING)
def missing_new(request, access):
    youth = access.youth
    form = forms.MissingEpisodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            episode = actions.missing_episode_open(
                youth=youth,
                last_seen_at=form.cleaned_data["last_seen_at"],
                circumstances=form.cleaned_data["circumstances"],
                by=request.user,
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Missing episode opened. Reports are due within 24 hours."))
            return redirect("placements:episode_detail", episode.pk)
    return render_youth_page(
        request,
        access,
        tab="missing",
        template="placements/youth_form.html",
        context={"form": form, "title": _("Report missing")},
    )


EPISODE_STEPS = {
    "law-enforcement": (
        forms.LawEnforcementReportForm,
        actions.missing_episode_report_law_enforcement,
        gettext_lazy("Law-enforcement report recorded."),
    ),
    "ncmec": (
        forms.NcmecReportForm,
        actions.missing_episode_report_ncmec,
        gettext_lazy("NCMEC report recorded."),
    ),
    "return": (
        forms.ReturnForm,
        actions.missing_episode_return,
        gettext_lazy("Return recorded."),
    ),
    "debrief": (
        forms.DebriefForm,
        actions.missing_episode_debrief,
        gettext_lazy("Debrief recorded."),
    ),
    "screening": (
        forms.ScreeningForm,
        actions.missing_episode_screening,
        gettext_lazy("Screening recorded."),
    ),
}


def _episode_page(request, episode, access, forms_by_step, status=200):
    return render_youth_page(
        request,
        access,
        tab="missing",
        template="placements/episode_detail.html",
        context={
            "episode": episode,
            "clock": report_clock(episode),
            "step_forms": forms_by_step,
            "can_update": selectors.may_update_missing_episode(access),
        },
        status=status,
    )


def _blank_step_forms():
    return {step: form_class(prefix=step) for step, (form_class, _, _) in EPISODE_STEPS.items()}


@require_GET
def episode_detail(request, pk):
    episode, access = selectors.episode_for(request, pk)
    return _episode_page(request, episode, access, _blank_step_forms())


@require_POST
def episode_update(request, pk, step):
    if step not in EPISODE_STEPS:
        raise Http404("No such step")
    episode, access = selectors.episode_for(request, pk)
    if not selectors.may_update_missing_episode(access):
        raise Http404("No such episode")
    form_class, action, done = EPISODE_STEPS[step]
    form = form_class(request.POST, prefix=step)
    if form.is_valid():
        try:
            action(episode=episode, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, str(done))
            return redirect("placements:episode_detail", episode.pk)
    step_forms = _blank_step_forms()
    step_forms[step] = form
    return _episode_page(request, episode, access, step_forms, status=400)
