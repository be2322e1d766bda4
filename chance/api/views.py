"""The API's views. Every youth-related read goes through the access policy, as the pages do:
a list is ``visible_youths`` (one query; another team's youths are never in it) and each youth
it returns is noted for the access log; a single youth is ``access_for_request`` (404 and a
denial row for one the caller may not see, as for one that does not exist)."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from cases import actions as case_actions
from cases.forms import IntakeForm
from cases.models import Referral, Youth
from chance.access import Need, access_for_request, visible_youths
from chance.audit.access import note_access
from chance.audit.models import AccessLog
from chance.reminders.selectors import open_reminders_for
from chance.reports.periods import MonthForm
from chance.reports.scope import scope_for
from chance.reports.state import RULE, monthly_counts
from placements.models import MissingEpisode, Placement
from placements.selectors import visible_homes

from . import serializers
from .problems import problem

LISTED = "Listed through the API"


class ByIdCursor(CursorPagination):
    ordering = "id"
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"


YOUTH_FILTER = OpenApiParameter(
    "youth", OpenApiTypes.INT, description=gettext_lazy("Only the records of this youth (its id).")
)


class _YouthRecords(generics.ListAPIView):
    """Records that belong to a youth, for the youths the caller may see (``Need.IDENTITY``);
    ``?youth=<id>`` narrows to one. Each youth named on the page gets its access-log row."""

    pagination_class = ByIdCursor
    model = None

    def get_queryset(self):
        records = self.model.objects.filter(
            youth__in=visible_youths(self.request.user).values("pk")
        )
        youth = self.request.query_params.get("youth")
        if youth is not None:
            if not youth.isdigit():
                raise ValidationError({"youth": [_("A youth id is a whole number.")]})
            records = records.filter(youth_id=int(youth))
        return records

    @extend_schema(parameters=[YOUTH_FILTER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        for youth_id in {record.youth_id for record in page}:
            note_access(self.request._request, youth_id, reason=LISTED)
        return page


class YouthList(generics.ListAPIView):
    """The youths the caller may see, by id."""

    serializer_class = serializers.YouthSerializer
    pagination_class = ByIdCursor

    def get_queryset(self):
        return visible_youths(self.request.user)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        for youth in page:
            note_access(self.request._request, youth.pk, reason=LISTED)
        return page


class YouthDetail(APIView):
    @extend_schema(responses=serializers.YouthSerializer)
    def get(self, request, pk):
        access = access_for_request(request._request, pk, Need.IDENTITY)
        return Response(serializers.YouthSerializer(access.youth).data)


class ReferralList(_YouthRecords):
    """Referrals of the youths the caller may see. POST: a referral of a youth who has no
    record yet (the state system's referral), with the intake form's rules."""

    serializer_class = serializers.ReferralSerializer
    model = Referral

    @extend_schema(
        request=serializers.NewReferralSerializer,
        responses={201: serializers.ReferralSerializer},
    )
    def post(self, request):
        user = request.user
        if not (user.has_perm("cases.add_youth") and user.has_perm("cases.add_referral")):
            raise PermissionDenied(_("This login may not take referrals."))
        shape = serializers.NewReferralSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        form = IntakeForm(data=_form_data(shape.validated_data))
        del form.fields["confirm_new"]
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        if form.possible_duplicates(user):
            # Which record it may be is for the intake coordinator to see, in the app.
            return problem(
                status.HTTP_409_CONFLICT,
                _("A youth on record may be the same youth"),
                _(
                    "Nothing was saved. Ask the intake coordinator to take this referral in "
                    "CHANCE, where the possible matches are shown."
                ),
            )
        with transaction.atomic():
            referral = case_actions.referral_receive(
                by=user, youth_fields=form.youth_fields(), **form.referral_fields()
            )
        note_access(
            request._request,  # the access log reads Django's request, not DRF's wrapper
            referral.youth_id,
            action=AccessLog.Action.SUBMITTED,
            reason="Referral received through the API",
        )
        return Response(serializers.ReferralSerializer(referral).data, status=201)


def _form_data(validated):
    data = {key: value for key, value in validated.items() if value is not None}
    data.setdefault("custody_status", Youth._meta.get_field("custody_status").default)
    data.setdefault("language", Youth._meta.get_field("language").default)
    if "received_at" in data:
        data["received_at"] = data["received_at"].isoformat()
    return data


def _form_errors(form):
    return {
        field: [e["message"] for e in errors]
        for field, errors in form.errors.get_json_data().items()
    }


class PlacementList(_YouthRecords):
    """Placements of the youths the caller may see; a home by its code, never its address."""

    serializer_class = serializers.PlacementSerializer
    model = Placement

    def get_queryset(self):
        return super().get_queryset().select_related("home")


class MissingEpisodeList(_YouthRecords):
    """Missing episodes of the youths the caller may see, with the 24-hour report deadline."""

    serializer_class = serializers.MissingEpisodeSerializer
    model = MissingEpisode


class HomeList(generics.ListAPIView):
    """The homes the caller may see, by code (addresses and phones never leave by the API)."""

    serializer_class = serializers.HomeSerializer
    pagination_class = ByIdCursor

    def get_queryset(self):
        return visible_homes(self.request.user)


class ReminderList(generics.ListAPIView):
    """The caller's own open reminders, soonest due first."""

    serializer_class = serializers.ReminderSerializer
    pagination_class = None

    def get_queryset(self):
        return open_reminders_for(self.request.user)[:200]


class MonthlyCounts(APIView):
    """The monthly counts of Fla. Admin. Code 65C-43.002 for ``?month=YYYY-MM`` (by default the
    last complete month), for those who read the program's reports; counts only, no youth."""

    @extend_schema(
        parameters=[OpenApiParameter("month", OpenApiTypes.STR, description="YYYY-MM")],
        responses=serializers.MonthlyCountsSerializer,
    )
    def get(self, request):
        scope = scope_for(request.user)
        if scope is None:
            raise NotFound()
        form = MonthForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        month = form.cleaned_data["month"]
        counts = [
            {"key": key, "label": str(label), "count": n}
            for key, label, n in monthly_counts(scope, month)
        ]
        return Response({"rule": RULE, "month": f"{month:%Y-%m}", "counts": counts})
