"""What the API says of each record: identity and state, never free text written about a child
(referral reasons, circumstances, notes), never a home's address or phone."""

from rest_framework import serializers

from cases.models import Referral, Youth
from chance.reminders.models import Reminder
from placements.models import Home, MissingEpisode, Placement


class YouthSerializer(serializers.ModelSerializer):
    class Meta:
        model = Youth
        fields = [
            "id",
            "record_number",
            "legal_first_name",
            "legal_last_name",
            "preferred_name",
            "date_of_birth",
            "status",
            "track",
            "admitted_on",
            "discharged_on",
        ]


class ReferralSerializer(serializers.ModelSerializer):
    class Meta:
        model = Referral
        fields = [
            "id",
            "youth",
            "source",
            "source_agency",
            "received_at",
            "screening_due_at",
            "screening_done_at",
            "decision",
            "decided_at",
        ]


class NewReferralSerializer(serializers.Serializer):
    """A referral of a youth with no record yet, as the state system sends it. The intake form's
    rules decide (``cases.forms.IntakeForm``); these fields document the shape."""

    legal_first_name = serializers.CharField(max_length=100)
    legal_last_name = serializers.CharField(max_length=100)
    preferred_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    aliases = serializers.CharField(max_length=300, required=False, allow_blank=True)
    date_of_birth = serializers.DateField()
    gender = serializers.CharField(max_length=40, required=False, allow_blank=True)
    custody_status = serializers.ChoiceField(
        choices=Youth._meta.get_field("custody_status").choices, required=False, allow_blank=True
    )
    court_case_number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    source = serializers.ChoiceField(choices=Referral.Source.choices)
    source_agency = serializers.CharField(max_length=200, required=False, allow_blank=True)
    received_at = serializers.DateTimeField()
    reason = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class PlacementSerializer(serializers.ModelSerializer):
    home = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Placement
        fields = ["id", "youth", "setting", "home", "started_on", "ended_on"]


class MissingEpisodeSerializer(serializers.ModelSerializer):
    reports_due_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = MissingEpisode
        fields = [
            "id",
            "youth",
            "last_seen_at",
            "opened_at",
            "reports_due_at",
            "law_enforcement_reported_at",
            "ncmec_reported_at",
            "returned_at",
        ]


class HomeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Home
        fields = ["id", "code", "status", "license_expires_on", "alarm_last_tested_on"]


class ReminderSerializer(serializers.ModelSerializer):
    youth = serializers.IntegerField(source="youth_id", allow_null=True, read_only=True)

    class Meta:
        model = Reminder
        fields = ["id", "rule", "youth", "record_number", "due_at", "level", "snoozed_until"]


class CountSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class MonthlyCountsSerializer(serializers.Serializer):
    rule = serializers.CharField()
    month = serializers.CharField(help_text="YYYY-MM")
    counts = CountSerializer(many=True)
