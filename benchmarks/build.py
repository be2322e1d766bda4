"""The benchmark data set: N fictional youths and everything a program accumulates around them in
five years, bulk-loaded with COPY (benchmarks.copy) in a stream, one youth at a time.

Scale at N youths (proportional to the issue's 10,000): N/40 clinicians (each with ~30 open
cases), one supervisor per 8 clinicians, N/20 STFC homes, ``notes_per_youth * N`` progress notes
and 500 * N history rows in all history tables. Every name, number and note is made up
("BENCH-" record numbers, invented surnames). Access-log rows are built in the stream with the
model's own ``compute_hash`` so the hash chain verifies.
"""

import datetime as dt
import random
import time
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.utils import timezone

from cases.models import (
    CaseAssignment,
    Contact,
    ExploitationType,
    LifecycleEvent,
    Referral,
    SafetyAlert,
    Youth,
    YouthUserObjectPermission,
)
from cases.permissions import TEAM_ROLE_PERMISSIONS
from chance.accounts import roles
from chance.accounts.models import User
from chance.audit.log import GENESIS
from chance.audit.models import AccessLog
from placements.models import (
    Caregiver,
    Home,
    MissingEpisode,
    Placement,
    SupportAssignment,
    TrainingRecord,
)
from services.models import (
    Assessment,
    Goal,
    Instrument,
    Intervention,
    MonitoringContact,
    Objective,
    ProgressNote,
    SafetyPlan,
    ServiceType,
    TreatmentPlan,
)

from .copy import CopyTable, HistoryTable

HISTORY_PER_YOUTH = 500  # 5,000,000 history rows at 10,000 youths
ACCESS_LOG_PER_YOUTH = 20
PASSWORD = "bench-only-password-not-for-real-use"  # noqa: S105 (fictional bench accounts)
MARKER_TABLE = "bench_dataset"
YEARS = 5

FIRST = "Avery Blake Cameron Dakota Emerson Finley Harper Jordan Kai Logan Morgan Nova Parker "
FIRST += "Quinn Reese Riley Rowan Sage Skyler Tatum"
SYL = ["bel", "cor", "dun", "fen", "gal", "hart", "kin", "lor", "mar", "nor", "pel", "quor"]
SYL += ["rin", "sol", "tav", "ven", "wick", "zan"]
WORDS = " ".join(
    [
        "youth attended session discussed coping skills safety plan reviewed school attendance",
        "caregiver reported progress goals mentor visit practiced grounding boundaries sleep",
        "routine court date upcoming therapy family contact supervised calm engaged",
    ]
).split(" ")


@dataclass
class Scale:
    youths: int
    notes_per_youth: int = 100
    seed: int = 42

    @property
    def clinicians(self):
        return max(2, self.youths // 40)

    @property
    def supervisors(self):
        return max(1, self.clinicians // 8)

    @property
    def homes(self):
        return max(3, self.youths // 20)

    @property
    def coordinators(self):
        return max(2, min(20, self.youths // 500))

    @property
    def history_target(self):
        return HISTORY_PER_YOUTH * self.youths


@dataclass
class BuildResult:
    counts: dict = field(default_factory=dict)
    seconds: float = 0.0
    sweep_seconds: float = 0.0


def _surname(rng):
    return "".join(rng.choice(SYL) for _ in range(rng.choice((2, 3)))).capitalize()


def _sentence(rng, words=40):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _max_pk(model):
    with connection.cursor() as cursor:
        pk = model._meta.pk.column
        cursor.execute(f'SELECT COALESCE(MAX("{pk}"), 0) FROM "{model._meta.db_table}"')  # noqa: S608
        return cursor.fetchone()[0]


class Builder:
    """Builds the data set into the default database connection (which must be empty of it)."""

    def __init__(self, scale: Scale, *, log=print):
        self.scale = scale
        self.rng = random.Random(scale.seed)
        self.log = log
        self.now = timezone.now().replace(microsecond=0)
        self.today = timezone.localdate()
        self.start = self.now - dt.timedelta(days=365 * YEARS)
        self.tables: dict[str, CopyTable] = {}

    # --- plumbing ---------------------------------------------------------------------------

    def table(self, model, parents=()):
        key = model._meta.label
        if key not in self.tables:
            self.tables[key] = CopyTable(
                self.cursor,
                model,
                now=self.now,
                parents=[self.table(p) for p in parents],
                pk_start=_max_pk(model) + 1,
            )
        return self.tables[key]

    def history(self, model):
        key = model._meta.label + ".history"
        if key not in self.tables:
            hmodel = model.history.model
            self.tables[key] = HistoryTable(
                self.cursor, model, now=self.now, pk_start=_max_pk(hmodel) + 1
            )
        return self.tables[key]

    def add(self, model, *, at, by, why="", parents=(), **values):
        """A row and its creation in the model's history."""
        pk = self.table(model, parents).add(**values)
        values[model._meta.pk.attname] = pk
        if hasattr(model, "history"):
            self.history(model).record(values, at=at, by=by, reason=why)
        return pk

    def change(self, model, values, *, at, by, reason):
        self.history(model).record(values, at=at, by=by, kind="~", reason=reason)

    def flush_all(self):
        for table in self.tables.values():
            table.flush()

    def when(self, after=None, before=None):
        after = after or self.start
        before = before or self.now
        span = max(1, int((before - after).total_seconds()))
        return after + dt.timedelta(seconds=self.rng.randrange(span))

    # --- the build --------------------------------------------------------------------------

    def run(self) -> BuildResult:
        started = time.monotonic()
        with connection.cursor() as cursor:
            self.cursor = cursor.cursor  # the psycopg2 cursor, for copy_expert
            cursor.execute("SET synchronous_commit = off")
            self._staff()
            self._homes()
            self.flush_all()
            self._youths()
            self.flush_all()
            self._access_log()
            self.flush_all()
            self._reset_sequences()  # before the filler: it takes history ids from the sequence
            self._history_filler()
            self.log("analyzing")
            cursor.execute("ANALYZE")
        result = BuildResult(seconds=time.monotonic() - started)
        result.counts = counts()
        return result

    def _staff(self):
        self.log("staff")
        password = make_password(PASSWORD)
        groups = dict(Group.objects.values_list("name", "id"))
        users = self.table(User)
        member = self.table(User.groups.through, parents=[User])
        self.users = {}

        def user(username, role, *, supervisor=None, **extra):
            pk = users.add(
                username=username,
                password=password,
                first_name=self.rng.choice(FIRST.split()),
                last_name=_surname(self.rng),
                email=f"{username}@bench.invalid",
                is_active=True,
                date_joined=self.start,
                supervisor_id=supervisor,
                **extra,
            )
            if role:
                member.add(user_id=pk, group_id=groups[role])
            self.users.setdefault(role, []).append(pk)
            return pk

        s = self.scale
        self.supervisors = [
            user(f"bench-sup-{i:03}", roles.SUPERVISOR) for i in range(s.supervisors)
        ]
        self.clinicians = [
            user(
                f"bench-clin-{i:04}",
                roles.CLINICIAN,
                supervisor=self.supervisors[i % len(self.supervisors)],
            )
            for i in range(s.clinicians)
        ]
        self.supervisor_of = {
            c: self.supervisors[i % len(self.supervisors)] for i, c in enumerate(self.clinicians)
        }
        self.coordinators = [
            user(f"bench-coord-{i:02}", roles.COORDINATOR, supervisor=self.supervisors[0])
            for i in range(s.coordinators)
        ]
        self.support = [
            user(f"bench-support-{i:03}", roles.SUPPORT, supervisor=self.supervisors[0])
            for i in range(max(1, s.homes // 5))
        ]
        self.oncall = [user(f"bench-oncall-{i:02}", roles.ONCALL) for i in range(3)]
        self.admin = user("bench-admin", roles.ADMIN)
        self.superuser = user("bench-superuser", None, is_staff=True, is_superuser=True)
        self.youth_perm_ids = dict(
            Permission.objects.filter(
                content_type__app_label="cases", content_type__model="youth"
            ).values_list("codename", "id")
        )
        self.service_types = list(
            ServiceType.objects.filter(part2=False).values_list("id", flat=True)
        )
        self.instruments = list(Instrument.objects.filter(active=True).values_list("id", flat=True))
        self.exploitation_types = list(ExploitationType.objects.values_list("id", flat=True))

    def _homes(self):
        self.log("homes")
        self.free_homes = []
        for i in range(self.scale.homes):
            coord = self.rng.choice(self.coordinators)
            at = self.when(before=self.start + dt.timedelta(days=200))
            status = self.rng.choices(
                ["certified", "recruiting", "on_hold", "closed"], [80, 10, 5, 5]
            )[0]
            certified = status in ("certified", "on_hold", "closed")
            home = {
                "code": f"H-{i + 1:04}",
                "address": f"{i + 1} Bench Lane, Nowhere (fictional)",
                "phone": f"555-01{i % 100:02}",
                "status": status,
                "license_number": f"BENCH-L{i:05}" if certified else "",
                "certified_on": at.date() if certified else None,
                "license_expires_on": self.today + dt.timedelta(days=self.rng.randrange(20, 700))
                if certified
                else None,
                "alarm_installed": certified,
                "alarm_last_tested_on": self.today - dt.timedelta(days=self.rng.randrange(40))
                if certified
                else None,
                "created_at": at,
            }
            home_id = home["id"] = self.add(Home, at=at, by=coord, why="Home recruited", **home)
            if status == "certified":
                self.change(Home, home, at=at, by=coord, reason="Home certified")
                self.free_homes.append(home_id)
            self.add(
                SupportAssignment,
                at=at,
                by=coord,
                parents=[Home],
                home_id=home_id,
                user_id=self.support[i % len(self.support)],
                started_on=at.date(),
                assigned_by_id=coord,
            )
            for _ in range(self.rng.choice((1, 2))):
                cg = self.add(
                    Caregiver,
                    at=at,
                    by=coord,
                    parents=[Home],
                    home_id=home_id,
                    first_name=self.rng.choice(FIRST.split()),
                    last_name=_surname(self.rng),
                    phone="555-0199",
                    available_24_7=True,
                    attested_on=at.date(),
                )
                for course, category, hours, done in (
                    ("CSEC specialized training (bench)", "specialized", 24, at.date()),
                    (
                        "Continuing education (bench)",
                        "continuing",
                        8,
                        self.today - dt.timedelta(days=90),
                    ),
                    ("First aid (bench)", "other", 4, self.today - dt.timedelta(days=200)),
                ):
                    self.add(
                        TrainingRecord,
                        at=at,
                        by=coord,
                        parents=[Caregiver],
                        caregiver_id=cg,
                        course=course,
                        category=category,
                        hours=hours,
                        completed_on=done,
                        recorded_by_id=coord,
                    )
        self.rng.shuffle(self.free_homes)

    def _youths(self):
        s = self.scale
        statuses = self.rng.choices(
            ["referred", "screening", "waitlisted", "active", "discharged"],
            [5, 5, 5, 45, 40],
            k=s.youths,
        )
        admitted = sum(1 for st in statuses if st in ("active", "discharged"))
        notes_total = s.notes_per_youth * s.youths
        self.notes_each, self.notes_extra = divmod(notes_total, max(1, admitted))
        self.log(f"youths: {s.youths}, {notes_total} progress notes")
        self.youth_ids = []
        for n, status in enumerate(statuses):
            self._youth(n, status)
            if n and n % 1000 == 0:
                self.log(f"  {n} youths")

    def _youth(self, n, status):  # noqa: C901, PLR0915 (one youth's whole story, in order)
        rng = self.rng
        coord = rng.choice(self.coordinators)
        if status in ("referred", "screening", "waitlisted"):
            received = self.when(after=self.now - dt.timedelta(days=60))
        else:
            received = self.when(before=self.now - dt.timedelta(days=120))
        track = ""
        if status in ("waitlisted",):
            track = "stfc"
        elif status in ("active", "discharged"):
            track = rng.choice(("stfc", "crt", "crt"))
        admitted_on = (received + dt.timedelta(days=rng.randrange(2, 20))).date()
        admitted_on = admitted_on if status in ("active", "discharged") else None
        discharged_on = None
        if status == "discharged":
            discharged_on = min(self.today, admitted_on + dt.timedelta(days=rng.randrange(90, 700)))
        waitlisted_at = None
        priority = None
        if status == "waitlisted" or (status == "active" and track == "crt" and rng.random() < 0.1):
            waitlisted_at = received + dt.timedelta(days=3)
            priority = rng.randrange(1, 6)
        age = rng.randrange(9, 18)
        youth = {
            "record_number": f"BENCH-{n + 1:06}",
            "legal_first_name": rng.choice(FIRST.split()),
            "legal_last_name": _surname(rng),
            "preferred_name": rng.choice(FIRST.split()) if rng.random() < 0.2 else "",
            "aliases": f"benchalias{n % 997}" if rng.random() < 0.3 else "",
            "date_of_birth": received.date() - dt.timedelta(days=age * 365 + rng.randrange(365)),
            "gender": rng.choice(("female", "male", "nonbinary")),
            "custody_status": "dependency",
            "court_case_number": f"BENCH-DP-{n:06}",
            "track": track,
            "status": status,
            "waitlist_priority": priority,
            "waitlisted_at": waitlisted_at,
            "admitted_on": admitted_on,
            "discharged_on": discharged_on,
            "discharge_reason": "goals_met" if discharged_on else "",
            "created_at": received,
            "updated_at": received,
        }
        yid = self.add(Youth, at=received, by=coord, why="Referral received", **youth)
        self.youth_ids.append(yid)
        youth["id"] = yid
        self.table(Youth.exploitation_types.through, parents=[Youth]).add(
            youth_id=yid, exploitationtype_id=rng.choice(self.exploitation_types)
        )
        kids = [Youth]

        # Referral and lifecycle
        decided = status not in ("referred", "screening")
        decision = {"waitlisted": "waitlist"}.get(status, track)
        referral = {
            "youth_id": yid,
            "source": rng.choice(("child_welfare", "law_enforcement", "court", "hotline")),
            "source_agency": "Bench County Agency (fictional)",
            "received_at": received,
            "reason": _sentence(rng, 12),
            "screening_due_at": received + dt.timedelta(hours=24),
            "screening_started_at": received + dt.timedelta(hours=6)
            if status != "referred"
            else None,
            "screening_done_at": received + dt.timedelta(hours=20) if decided else None,
            "decision": decision if decided else "",
            "decided_by_id": coord if decided else None,
            "decided_at": received + dt.timedelta(hours=20) if decided else None,
            "received_by_id": coord,
        }
        referral["id"] = self.add(
            Referral, at=received, by=coord, why="Referral received", parents=kids, **referral
        )
        if decided:
            self.change(Referral, referral, at=referral["decided_at"], by=coord, reason="Decided")
        events = [("", "referred", "", "", received)]
        if status != "referred":
            events.append(("referred", "screening", "", "", received + dt.timedelta(hours=6)))
        if status == "waitlisted":
            events.append(("screening", "waitlisted", "", "stfc", waitlisted_at))
        if admitted_on:
            at = dt.datetime.combine(admitted_on, dt.time(10), tzinfo=dt.UTC)
            events.append(("screening", "active", "", track, at))
        if discharged_on:
            at = dt.datetime.combine(discharged_on, dt.time(10), tzinfo=dt.UTC)
            events.append(("active", "discharged", track, track, at))
        for from_status, to_status, from_track, to_track, at in events:
            self.table(LifecycleEvent, parents=kids).add(
                youth_id=yid,
                at=at,
                by_id=coord,
                from_status=from_status,
                to_status=to_status,
                from_track=from_track,
                to_track=to_track,
                reason="Bench lifecycle step",
            )
            if to_status != "referred":
                self.change(Youth, youth, at=at, by=coord, reason=f"Status: {to_status}")

        # Case team and its object permissions
        team_start = (received + dt.timedelta(hours=8)).date()
        team_end = discharged_on
        primary = (
            self.clinicians[(n * 7919) % len(self.clinicians)] if status != "referred" else None
        )
        members = []
        if primary:
            members.append((primary, "primary_clinician"))
            if rng.random() < 0.35:
                second = rng.choice(self.clinicians)
                if second != primary:
                    members.append((second, "clinician"))
            # Their supervisors see the youth through supervision: no team row, as in the app.
            if rng.random() < 0.5:
                members.append((coord, "care_coordinator"))
        for user_id, role in members:
            row = {
                "youth_id": yid,
                "user_id": user_id,
                "role": role,
                "started_on": team_start,
                "ended_on": team_end,
                "assigned_by_id": coord,
            }
            at = dt.datetime.combine(team_start, dt.time(12), tzinfo=dt.UTC)
            row["id"] = self.add(
                CaseAssignment, at=at, by=coord, why=f"Assigned as {role}", parents=kids, **row
            )
            if team_end:
                end_at = dt.datetime.combine(team_end, dt.time(12), tzinfo=dt.UTC)
                self.change(CaseAssignment, row, at=end_at, by=coord, reason="Assignment ended")
        if not team_end:
            wanted = {}
            for user_id, role in members:
                wanted.setdefault(user_id, set()).update(TEAM_ROLE_PERMISSIONS[role])
            for user_id, codenames in wanted.items():
                for codename in sorted(codenames):
                    self.table(YouthUserObjectPermission, parents=kids).add(
                        user_id=user_id,
                        content_object_id=yid,
                        permission_id=self.youth_perm_ids[codename],
                    )

        # Contacts and alerts
        for kind in ("caseworker", "gal"):
            self.add(
                Contact,
                at=received,
                by=coord,
                parents=kids,
                youth_id=yid,
                kind=kind,
                name=f"{rng.choice(FIRST.split())} {_surname(rng)} (fictional)",
                organization="Bench County (fictional)",
                phone="555-0100",
            )
        if rng.random() < 0.3:
            self.add(
                SafetyAlert,
                at=received,
                by=coord,
                parents=kids,
                youth_id=yid,
                kind=rng.choice(("no_contact", "runaway", "medical")),
                summary="Bench alert (fictional)",
                person_name="Benchman" if rng.random() < 0.5 else "",
                created_by_id=coord,
                created_at=received,
            )

        if not admitted_on:
            return
        # Placements: one past, one current (or ended at discharge)
        current_start = admitted_on + dt.timedelta(days=rng.randrange(1, 60))
        if discharged_on:
            current_start = min(current_start, discharged_on)
        at = dt.datetime.combine(admitted_on, dt.time(11), tzinfo=dt.UTC)
        past = {
            "youth_id": yid,
            "setting": rng.choice(("shelter", "foster", "relative")),
            "provider": "Bench Shelter (fictional)",
            "started_on": admitted_on,
            "ended_on": current_start,
            "end_reason": "Moved to a longer-term placement",
            "assigned_by_id": coord,
            "ended_by_id": coord,
            "created_at": at,
        }
        self.add(Placement, at=at, by=coord, parents=kids, **past)
        home_id = None
        if track == "stfc" and not discharged_on and self.free_homes:
            home_id = self.free_homes.pop()
        current = {
            "youth_id": yid,
            "setting": "stfc" if home_id else rng.choice(("foster", "relative", "group_home")),
            "home_id": home_id,
            "provider": "" if home_id else "Bench Provider (fictional)",
            "started_on": current_start,
            "ended_on": discharged_on,
            "end_reason": "Discharged" if discharged_on else "",
            "assigned_by_id": coord,
            "ended_by_id": coord if discharged_on else None,
            "created_at": at,
        }
        placement_id = self.add(Placement, at=at, by=coord, parents=kids, **current)
        if rng.random() < 0.06:
            seen = dt.datetime.combine(current_start, dt.time(22), tzinfo=dt.UTC)
            self.add(
                MissingEpisode,
                at=seen,
                by=coord,
                parents=[Placement],
                youth_id=yid,
                placement_id=placement_id,
                last_seen_at=seen,
                opened_at=seen + dt.timedelta(hours=1),
                opened_by_id=coord,
                law_enforcement_reported_at=seen + dt.timedelta(hours=2),
                law_enforcement_agency="Bench PD (fictional)",
                officer_name="Officer Bench",
                ncmec_reported_at=seen + dt.timedelta(hours=3),
                ncmec_case_number="BENCH-NCMEC",
                returned_at=seen + dt.timedelta(hours=30),
                debrief_at=seen + dt.timedelta(hours=40),
                debrief_by_id=primary,
            )

        # Clinical records
        end = dt.datetime.combine(discharged_on or self.today, dt.time(18), tzinfo=dt.UTC)
        begin = dt.datetime.combine(admitted_on, dt.time(9), tzinfo=dt.UTC)
        end = max(end, begin + dt.timedelta(days=1))
        sup = self.supervisor_of[primary]
        for _ in range(3):
            at = self.when(begin, end)
            row = {
                "youth_id": yid,
                "instrument_id": rng.choice(self.instruments),
                "administered_by_id": primary,
                "administered_on": at.date(),
                "primary_score": rng.randrange(0, 20),
                "status": "final",
                "finalized_at": at,
                "created_at": at,
                "updated_at": at,
            }
            self.add(Assessment, at=at, by=primary, parents=kids, **row)
        plan_at = begin + dt.timedelta(days=10)
        for status_ in ("superseded", "approved") if rng.random() < 0.3 else ("approved",):
            if discharged_on and status_ == "approved":
                status_ = "superseded"
            plan = {
                "youth_id": yid,
                "author_id": primary,
                "status": status_,
                "strengths": _sentence(rng, 15),
                "needs": _sentence(rng, 15),
                "submitted_at": plan_at,
                "approved_by_id": sup,
                "approved_at": plan_at + dt.timedelta(days=1),
                "effective_on": plan_at.date(),
                "next_review_on": (plan_at + dt.timedelta(days=90)).date(),
                "superseded_at": plan_at + dt.timedelta(days=80)
                if status_ == "superseded"
                else None,
                "created_at": plan_at,
            }
            plan_id = plan["id"] = self.add(
                TreatmentPlan, at=plan_at, by=primary, parents=kids, **plan
            )
            self.change(
                TreatmentPlan, plan, at=plan_at + dt.timedelta(days=1), by=sup, reason="Approved"
            )
            for g in range(2):
                goal_id = self.add(
                    Goal,
                    at=plan_at,
                    by=primary,
                    parents=[TreatmentPlan],
                    plan_id=plan_id,
                    order=g,
                    description=_sentence(rng, 8),
                )
                for o in range(2):
                    obj_id = self.add(
                        Objective,
                        at=plan_at,
                        by=primary,
                        parents=[Goal],
                        goal_id=goal_id,
                        order=o,
                        description=_sentence(rng, 8),
                        target_date=(plan_at + dt.timedelta(days=90)).date(),
                    )
                    self.add(
                        Intervention,
                        at=plan_at,
                        by=primary,
                        parents=[Objective],
                        objective_id=obj_id,
                        service_type_id=rng.choice(self.service_types),
                        description="Weekly session",
                        frequency="weekly, 60 minutes",
                        responsible_id=primary,
                    )
            plan_at += dt.timedelta(days=81)
        self.add(
            SafetyPlan,
            at=begin,
            by=primary,
            parents=kids,
            youth_id=yid,
            warning_signs=_sentence(rng, 10),
            coping_steps=_sentence(rng, 10),
            people_to_call="Bench crisis line 555-0111 (fictional)",
            safe_places="Bench home",
            updated_by_id=primary,
            updated_at=begin,
        )
        for _ in range(10):
            at = self.when(begin, end)
            self.add(
                MonitoringContact,
                at=at,
                by=primary,
                parents=kids,
                youth_id=yid,
                kind=rng.choice(("home_visit", "school", "phone", "virtual")),
                occurred_at=at,
                by_id=primary,
                summary=_sentence(rng, 20),
            )
        notes = self.notes_each + (1 if self.notes_extra > 0 else 0)
        self.notes_extra -= 1
        text = [_sentence(rng, 45) for _ in range(4)]  # a few bodies per youth, reused
        span = (end - begin).total_seconds()
        for i in range(notes):
            at = begin + dt.timedelta(seconds=span * (i + rng.random()) / notes)
            draft = not discharged_on and i >= notes - 2
            row = {
                "youth_id": yid,
                "service_type_id": rng.choice(self.service_types),
                "author_id": primary,
                "occurred_at": at,
                "minutes": rng.choice((30, 45, 60, 90)),
                "setting": rng.choice(("office", "home", "school", "telehealth")),
                "text": text[i % 4],
                "status": "draft" if draft else "signed",
                "signed_at": None if draft else at + dt.timedelta(hours=3),
                "created_at": at,
                "updated_at": at,
            }
            # History of notes is written server-side afterwards (_note_history): much faster.
            self.table(ProgressNote, parents=kids).add(**row)

    def _access_log(self):
        total = ACCESS_LOG_PER_YOUTH * self.scale.youths
        self.log(f"access log: {total} rows (hash-chained)")
        table = self.table(AccessLog)
        last = AccessLog.objects.order_by("-id").values_list("hash", flat=True).first()
        prev = last or GENESIS
        step = (self.now - self.start) / max(1, total)
        users = self.clinicians + self.supervisors + self.coordinators
        for i in range(total):
            user_id = self.rng.choice(users)
            youth_id = self.rng.choice(self.youth_ids)
            row = AccessLog(
                at=(self.start + step * i).replace(microsecond=0),
                user_id=user_id,
                username=f"bench-user-{user_id}",
                youth_id=youth_id,
                action=AccessLog.Action.VIEWED,
                what="cases:detail",
                path=f"/youths/{youth_id}/",
                method="GET",
                ip=f"10.0.{user_id % 250}.{i % 250 + 1}",
                reason="",
                prev_hash=prev,
            )
            row.hash = prev = row.compute_hash()
            table.add(
                **{f.attname: getattr(row, f.attname) for f in table.fields if f.attname != "id"}
            )

    def _note_history(self, *, when, reason, kind, draft, where="TRUE", rounds=1, limit=None):
        """History rows of progress notes made from the note rows by one INSERT … SELECT."""
        hmodel = ProgressNote.history.model
        cols = [f.column for f in ProgressNote._meta.concrete_fields]
        select = [f"n.{c}" for c in cols]
        if draft:
            select[cols.index("status")] = "'draft'"
            select[cols.index("signed_at")] = "NULL"
        select[cols.index("updated_at")] = when
        sql = (
            f'INSERT INTO "{hmodel._meta.db_table}" ({", ".join(cols)}, history_date, '  # noqa: S608
            "history_change_reason, history_type, history_user_id) "
            f"SELECT {', '.join(select)}, {when}, %s, %s, n.author_id "
            f'FROM "{ProgressNote._meta.db_table}" n CROSS JOIN generate_series(1, %s) g '
            f"WHERE {where} LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [reason, kind, rounds, limit])

    def _history_filler(self):
        """Notes' history server-side: drafted, signed, then draft edits until the history rows
        reach the target (500 per youth)."""
        self.flush_all()
        self._note_history(when="n.created_at", reason="Note drafted", kind="+", draft=True)
        self._note_history(
            when="n.signed_at",
            reason="Signed",
            kind="~",
            draft=False,
            where="n.signed_at IS NOT NULL",
        )
        have = history_count()
        missing = self.scale.history_target - have
        self.log(f"history: {have} rows so far, {max(0, missing)} draft edits to add")
        notes = ProgressNote.objects.count()
        if missing <= 0 or not notes:
            return
        self._note_history(
            when="n.occurred_at + g * interval '5 minutes'",
            reason="Draft edited",
            kind="~",
            draft=True,
            rounds=-(-missing // notes),
            limit=missing,
        )

    def _reset_sequences(self):
        with connection.cursor() as cursor:
            for table in self.tables.values():
                pk = table.model._meta.pk.column
                sql = (
                    "SELECT setval(pg_get_serial_sequence(%s, %s), "  # noqa: S608
                    f'(SELECT COALESCE(MAX("{pk}"), 1) FROM "{table.table}"))'
                )
                cursor.execute(sql, [f'"{table.table}"', pk])


def history_models():
    from django.apps import apps
    from simple_history.models import HistoricalChanges

    return [
        m
        for m in apps.get_models()
        if issubclass(m, HistoricalChanges) and getattr(m, "instance_type", None)
    ]


def history_count() -> int:
    with connection.cursor() as cursor:
        total = 0
        for model in history_models():
            cursor.execute(f'SELECT COUNT(*) FROM "{model._meta.db_table}"')  # noqa: S608
            total += cursor.fetchone()[0]
        return total


def counts() -> dict:
    from chance.reminders.models import Reminder

    models = {
        "users": User,
        "youths": Youth,
        "referrals": Referral,
        "lifecycle_events": LifecycleEvent,
        "case_assignments": CaseAssignment,
        "youth_object_permissions": YouthUserObjectPermission,
        "homes": Home,
        "caregivers": Caregiver,
        "placements": Placement,
        "missing_episodes": MissingEpisode,
        "assessments": Assessment,
        "treatment_plans": TreatmentPlan,
        "progress_notes": ProgressNote,
        "monitoring_contacts": MonitoringContact,
        "access_log": AccessLog,
        "reminders": Reminder,
    }
    result = {}
    with connection.cursor() as cursor:
        for name, model in models.items():
            cursor.execute(f'SELECT COUNT(*) FROM "{model._meta.db_table}"')  # noqa: S608
            result[name] = cursor.fetchone()[0]
    result["history_rows"] = history_count()
    return result
