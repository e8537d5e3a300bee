"""Forms for the staff pages. They turn what was typed into typed values; the services decide the rules.

Text that a service checks (a reason, a public note) is not `required` here, so the service's own
message, the same everywhere, is the one people see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet

from joinedup.core.forms import GovukDateField
from joinedup.partners.models import Organisation, User
from joinedup.places.gazetteer import street_search
from joinedup.places.models import Area, AreaKind, Street

from ..clock import LONDON
from ..configuration import QUESTIONS_HELP, WEEKDAYS
from ..models import Category, CategoryGroup, ClosedReason, Priority, ServiceTarget, Source, TimeUnit
from ..selectors import TARGET_FILTERS

TEXTAREA = forms.Textarea(attrs={"rows": 3})


def category_label(category: Category, *, with_partnership: bool = False) -> str:
    label = f"{category.group.name}: {category.name}"
    if category.staff_only:
        label += " (staff only)"
    if with_partnership:
        label = f"{category.partnership.short_name or category.partnership.name}, {label}"
    return label


class CategoryChoiceField(forms.ModelChoiceField):
    """Categories labelled with their group, and their partnership when there is more than one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.with_partnership = False
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Category) -> str:
        return category_label(obj, with_partnership=self.with_partnership)


def _set_categories(field: forms.Field, categories: QuerySet[Category]) -> None:
    categories = categories.select_related("group", "partnership")
    field.queryset = categories  # type: ignore[attr-defined]
    field.with_partnership = len({c.partnership_id for c in categories}) > 1  # type: ignore[attr-defined]


# --- where -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    longitude: float | None
    latitude: float | None
    ward: Area | None
    location_text: str


class LocatedForm(forms.Form):
    """Where a problem is: typed coordinates (or "use my location"), a street from the gazetteer, or a ward.

    Works without JavaScript: a street that matches several is offered as a choice on the next view.
    """

    street = forms.CharField(
        label="Street",
        required=False,
        max_length=100,
        help_text="For example, Foregate Street",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    street_id = forms.TypedChoiceField(
        label="Which street do you mean?", required=False, coerce=int, widget=forms.RadioSelect, choices=()
    )
    ward = forms.ModelChoiceField(
        label="Or the ward",
        required=False,
        queryset=Area.objects.none(),
        empty_label="Choose a ward",
        help_text="If you do not know the street",
        error_messages={"invalid_choice": "Choose a ward from the list"},
    )
    longitude = forms.FloatField(
        label="Longitude",
        required=False,
        min_value=-180,
        max_value=180,
        help_text="For example, -2.2205",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={"invalid": "Longitude must be a number, like -2.2205"},
    )
    latitude = forms.FloatField(
        label="Latitude",
        required=False,
        min_value=-90,
        max_value=90,
        help_text="For example, 52.1917",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={"invalid": "Latitude must be a number, like 52.1917"},
    )

    LOCATION_FIELDS = ("street", "street_id", "ward", "longitude", "latitude")

    def __init__(self, *args: Any, wards: QuerySet[Area], district_codes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = wards  # type: ignore[attr-defined]
        self.district_codes = district_codes
        if self.is_bound:
            # Offer again the streets that matched last time, so the choice can be validated.
            query = (self.data.get(self.add_prefix("street")) or "").strip()
            if query and self.data.get(self.add_prefix("street_id")):
                self._offer(street_search(query=query, district_codes=district_codes, limit=10))

    def _offer(self, streets: list[Street]) -> None:
        # The ward tells apart two streets of one name, and confirms the right one to the officer.
        wards = dict(
            Area.objects.filter(kind=AreaKind.WARD, code__in={s.ward_code for s in streets}).values_list(
                "code", "name"
            )
        )
        self.fields["street_id"].choices = [  # type: ignore[attr-defined]
            (s.id, f"{s.name}, {wards[s.ward_code]}" if s.ward_code in wards else s.name) for s in streets
        ]

    @property
    def offers_streets(self) -> bool:
        return bool(self.fields["street_id"].choices)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if any(name in self.errors for name in self.LOCATION_FIELDS):
            return data
        lon, lat = data.get("longitude"), data.get("latitude")
        street_text = data.get("street", "").strip()
        if (lon is None) != (lat is None):
            missing = "latitude" if lat is None else "longitude"
            self.add_error(missing, f"Enter the {missing} as well, or leave both blank")
            return data
        if lon is not None:
            data["place"] = Place(lon, lat, None, street_text)
            return data
        if data.get("street_id"):
            street = Street.objects.filter(
                id=data["street_id"], district_code__in=self.district_codes
            ).first()
            if street is not None:
                data["place"] = Place(street.longitude, street.latitude, None, street.name)
                return data
        if street_text:
            streets = street_search(query=street_text, district_codes=self.district_codes, limit=10)
            exact = [s for s in streets if s.name.casefold() == street_text.casefold()]
            if len(exact) == 1 or len(streets) == 1:
                street = exact[0] if len(exact) == 1 else streets[0]
                data["place"] = Place(street.longitude, street.latitude, None, street.name)
            elif streets:
                self._offer(streets)
                self.add_error("street_id", "Choose the street from the list")
            else:
                self.add_error(
                    "street",
                    f"No street matching {street_text} was found. Check the spelling, or choose a ward",
                )
            return data
        if data.get("ward") is not None:
            data["place"] = Place(None, None, data["ward"], "")
            return data
        self.add_error("street", "Enter the street, choose a ward or give the location")
        return data


# --- logging a report ------------------------------------------------------------------------------------


STAFF_SOURCES = [(Source.PHONE, "Phone call"), (Source.EMAIL, "Email"), (Source.WALK_IN, "Walk-in")]


def question_fields(category: Category | None, prefix: str = "answer_") -> dict[str, forms.Field]:
    """Form fields for a category's extra questions; the service checks what is required."""
    fields: dict[str, forms.Field] = {}
    for q in (category.questions if category else []) or []:
        label = q["label"] + ("" if q.get("required") else " (optional)")
        if q.get("choices"):
            fields[prefix + q["code"]] = forms.ChoiceField(
                label=label,
                required=False,
                choices=[(c, c) for c in q["choices"]],
                widget=forms.RadioSelect,
                help_text=q.get("hint") or "",
            )
        else:
            fields[prefix + q["code"]] = forms.CharField(
                label=label, required=False, max_length=500, help_text=q.get("hint") or ""
            )
    return fields


class ReportLogForm(LocatedForm):
    source = forms.ChoiceField(
        label="How was it reported?",
        choices=STAFF_SOURCES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the problem was reported"},
    )
    category = CategoryChoiceField(
        label="What is the problem?",
        queryset=Category.objects.none(),
        empty_label="Choose a category",
        error_messages={"required": "Choose what the problem is", "invalid_choice": "Choose from the list"},
    )
    description = forms.CharField(label="Describe the problem", required=False, widget=forms.Textarea)
    reporter_name = forms.CharField(label="Name (optional)", required=False, max_length=200)
    reporter_email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        help_text="They will be told about progress by email",
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
    )
    reporter_phone = forms.CharField(
        label="Phone number (optional)",
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    questions_for = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, categories: QuerySet[Category], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_categories(self.fields["category"], categories)
        self.chosen_category = self._chosen(categories)
        self.fields.update(question_fields(self.chosen_category))
        self.fields["questions_for"].initial = self.chosen_category.id if self.chosen_category else None

    def _chosen(self, categories: QuerySet[Category]) -> Category | None:
        raw = self.data.get("category") if self.is_bound else self.initial.get("category")
        try:
            return categories.filter(id=int(str(getattr(raw, "id", raw)))).first() if raw else None
        except (TypeError, ValueError):
            return None

    @property
    def question_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("answer_")]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        category = data.get("category")
        # The category's questions were not on the page the officer filled in: ask them first.
        if category is not None and category.questions and data.get("questions_for") != category.id:
            self.add_error(None, f"Answer the questions about {category.name.lower()}, then log the report")
        return data

    @property
    def answers(self) -> dict[str, str]:
        return {
            name.removeprefix("answer_"): value or ""
            for name, value in self.cleaned_data.items()
            if name.startswith("answer_")
        }


# --- acting on a report ----------------------------------------------------------------------------------


class AcknowledgeForm(forms.Form):
    pass


class StartForm(forms.Form):
    pass


class ResolveForm(forms.Form):
    public_note = forms.CharField(
        label="What was done?",
        required=False,
        help_text="The reporter is told this, and it is shown on the public tracking page",
        widget=TEXTAREA,
    )


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why is it being closed?",
        choices=ClosedReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the report is being closed"},
    )
    duplicate_of = forms.CharField(
        label="Reference of the report it duplicates",
        required=False,
        max_length=30,
        help_text="Only if it is a duplicate. For example, WOR-2026-000123",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    public_note = forms.CharField(
        label="What the reporter is told",
        required=False,
        help_text="Needed if it was referred: say who to",
        widget=TEXTAREA,
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", required=False, widget=TEXTAREA)


class ReopenForm(ReasonForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = "Why is it being reopened?"


class DeclineForm(ReasonForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = "Why can your organisation not deal with it?"
        self.fields["reason"].help_text = "It goes back to the coordinator's triage queue"


class ReassignForm(ReasonForm):
    partner = forms.ModelChoiceField(
        label="Partner",
        queryset=Organisation.objects.none(),
        empty_label="Choose a partner",
        error_messages={"required": "Choose the partner", "invalid_choice": "Choose a partner from the list"},
    )

    def __init__(self, *args: Any, partners: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]
        self.fields["reason"].label = "Why this partner?"
        self.order_fields(["partner", "reason"])


class NoteForm(forms.Form):
    visibility = forms.ChoiceField(
        label="Who can see it?",
        choices=[
            ("internal", "Internal note: only your organisation"),
            ("public", "Public update: the reporter and the tracking page"),
        ],
        initial="internal",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who can see the note"},
    )
    text = forms.CharField(label="Note", required=False, widget=TEXTAREA)


class MergeForm(forms.Form):
    into = forms.CharField(
        label="Reference of the report to keep",
        max_length=30,
        help_text="This report is closed as its duplicate, and its reporters follow that one",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={"required": "Enter the reference of the report to keep"},
    )


# --- the queue -------------------------------------------------------------------------------------------

STATUS_FILTERS = [
    ("open", "Open"),
    ("new", "New"),
    ("acknowledged", "Acknowledged"),
    ("in_progress", "In progress"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
    ("all", "Any status"),
]


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=STATUS_FILTERS, required=False)
    category = forms.ChoiceField(label="Category", required=False)
    ward = forms.ChoiceField(label="Ward", required=False)
    target = forms.ChoiceField(label="Service target", choices=list(TARGET_FILTERS.items()), required=False)
    partner = forms.ChoiceField(label="Partner", required=False)

    def __init__(
        self,
        *args: Any,
        categories: QuerySet[Category],
        wards: QuerySet[Area],
        partners: QuerySet[Organisation] | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        codes = dict.fromkeys((c.code, c.name) for c in categories.order_by("name"))
        self.fields["category"].choices = [("", "Any"), *codes]  # type: ignore[attr-defined]
        self.fields["ward"].choices = [  # type: ignore[attr-defined]
            ("", "Any"),
            *((w.code, w.name) for w in wards.order_by("name")),
        ]
        if partners is None:
            del self.fields["partner"]
        else:
            self.fields["partner"].choices = [  # type: ignore[attr-defined]
                ("", "Your organisation"),
                ("triage", "Triage: no partner yet"),
                ("all", "All partners"),
                *((str(o.id), o.name) for o in partners),
            ]

    def value(self, name: str) -> str:
        """The chosen value, or the default ("") when it was left out or is not one of the choices."""
        self.is_valid()  # a filter never blocks the page: invalid fields just drop out of cleaned_data
        return self.cleaned_data.get(name) or ""


# --- street audits ---------------------------------------------------------------------------------------


class TeamField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name}, {obj.organisation.name}" if obj.organisation else obj.full_name


class StreetAuditForm(forms.Form):
    name = forms.CharField(
        label="Name",
        required=False,
        max_length=200,
        help_text="For example, Night-time economy walkabout, Friday Street",
    )
    held_on = GovukDateField(label="Date", help_text="For example, 27 11 2026")
    route = forms.CharField(
        label="Route (optional)", required=False, widget=TEXTAREA, help_text="The streets the team will walk"
    )
    team = TeamField(
        label="Team",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="You are on the team. Choose the others walking the route",
    )

    def __init__(self, *args: Any, team: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = team  # type: ignore[attr-defined]


class FindingForm(LocatedForm):
    category = CategoryChoiceField(
        label="What is the problem?",
        queryset=Category.objects.none(),
        empty_label="Choose a category",
        error_messages={"required": "Choose what the problem is", "invalid_choice": "Choose from the list"},
    )
    description = forms.CharField(label="Describe it", required=False, widget=TEXTAREA)

    def __init__(self, *args: Any, categories: QuerySet[Category], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_categories(self.fields["category"], categories)
        self.order_fields(["category", "description"])


class FindingReviewForm(forms.Form):
    category = CategoryChoiceField(
        label="Category",
        queryset=Category.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "Choose from the list"},
    )
    description = forms.CharField(label="Description", required=False, widget=TEXTAREA)
    ward = forms.ModelChoiceField(
        label="Ward",
        queryset=Area.objects.none(),
        required=False,
        empty_label="Choose a ward",
        error_messages={"invalid_choice": "Choose a ward from the list"},
    )

    def __init__(
        self, *args: Any, categories: QuerySet[Category], wards: QuerySet[Area] | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_categories(self.fields["category"], categories)
        if wards is None:
            del self.fields["ward"]  # the finding has a point: the ward comes from it
        else:
            self.fields["ward"].queryset = wards  # type: ignore[attr-defined]


# --- configuration ---------------------------------------------------------------------------------------


class CategoryForm(forms.Form):
    group = forms.ModelChoiceField(
        label="Group",
        queryset=CategoryGroup.objects.none(),
        required=False,
        empty_label="Choose a group",
        help_text="One of the partnership's key areas",
        error_messages={"invalid_choice": "Choose a group from the list"},
    )
    new_group = forms.CharField(
        label="Or a new group", required=False, max_length=120, help_text="Leave blank to use the group above"
    )
    name = forms.CharField(label="Name the public sees", required=False, max_length=120)
    code = forms.CharField(
        label="Code (optional)",
        required=False,
        max_length=60,
        help_text="Open311 apps use it as the service code. Made from the name if left blank. "
        "It cannot be changed later",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    hint = forms.CharField(label="Hint (optional)", required=False, max_length=300)
    questions = forms.CharField(
        label="Extra questions (optional)",
        required=False,
        help_text=QUESTIONS_HELP,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
    )
    urgent_notice = forms.CharField(
        label="Urgent advice (optional)",
        required=False,
        max_length=300,
        initial="If someone is in danger or a crime is happening now, call 999.",
    )
    flags = forms.MultipleChoiceField(
        label="Options",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("staff_only", "Staff only: the public cannot choose it"),
            ("sensitive", "Sensitive: public pages show only a general location (for example, begging)"),
            ("never_public", "Never public: never on any public page (for example, hate incidents)"),
            ("victim_support", "Offer victim support after reporting"),
        ],
    )

    def __init__(self, *args: Any, groups: QuerySet[CategoryGroup], editing: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
        if editing:
            del self.fields["code"]


class ServiceTargetForm(forms.Form):
    name = forms.CharField(label="Name", required=False, max_length=120, help_text="For example, Standard")
    acknowledge_within = forms.IntegerField(
        label="Acknowledge within",
        error_messages={
            "required": "Enter the time to acknowledge",
            "invalid": "The time to acknowledge must be a whole number",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    acknowledge_unit = forms.ChoiceField(label="Counted in", choices=TimeUnit.choices)
    resolve_within = forms.IntegerField(
        label="Resolve within",
        error_messages={
            "required": "Enter the time to resolve",
            "invalid": "The time to resolve must be a whole number",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    resolve_unit = forms.ChoiceField(
        label="Counted in", choices=TimeUnit.choices, initial=TimeUnit.WORKING_DAYS
    )
    at_risk_percent = forms.IntegerField(
        label="At risk after (% of the time allowed)",
        initial=75,
        help_text="Reports are shown as at risk, and their managers told, once this much time has gone",
        error_messages={"required": "Enter when a report is at risk", "invalid": "Enter a whole number"},
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


class TimeField(forms.CharField):
    """A 24-hour time typed as 22:00 (or 2200, 22.00)."""

    def to_python(self, value: Any) -> dt.time | None:  # type: ignore[override]
        value = (value or "").strip().replace(".", ":")
        if not value:
            return None
        if ":" not in value and value.isdigit() and len(value) in (3, 4):
            value = value[:-2] + ":" + value[-2:]
        try:
            return dt.datetime.strptime(value, "%H:%M").time()  # noqa: DTZ007 - a time of day, no date
        except ValueError:
            raise forms.ValidationError(f"{self.label} must be a time like 22:00") from None


class RoutingRuleForm(forms.Form):
    name = forms.CharField(
        label="Name",
        required=False,
        max_length=200,
        help_text="For example, Night-time begging in the city centre",
    )
    category = CategoryChoiceField(
        label="Category",
        queryset=Category.objects.none(),
        required=False,
        empty_label="Any category",
        error_messages={"invalid_choice": "Choose a category from the list"},
    )
    area = forms.ModelChoiceField(
        label="Area",
        queryset=Area.objects.none(),
        required=False,
        empty_label="Anywhere",
        help_text="A custom patch outranks the ward it is in, and a ward outranks its district",
        error_messages={"invalid_choice": "Choose an area from the list"},
    )
    days = forms.TypedMultipleChoiceField(
        label="Days (optional)",
        coerce=int,
        required=False,
        choices=list(WEEKDAYS.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text="None means every day. A window past midnight counts as the day it started",
    )
    starts_at = TimeField(
        label="From (optional)", required=False, help_text="24-hour clock, for example 22:00"
    )
    ends_at = TimeField(
        label="Until (optional)", required=False, help_text="May be after midnight, for example 04:00"
    )
    lead_partner = forms.ModelChoiceField(
        label="Lead partner",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Choose the lead partner",
        error_messages={"invalid_choice": "Choose a partner from the list"},
    )
    supporting_partners = forms.ModelMultipleChoiceField(
        label="Supporting partners (optional)",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose partners from the list"},
    )
    priority = forms.ChoiceField(label="Priority", choices=Priority.choices, initial=Priority.NORMAL)
    service_target = forms.ModelChoiceField(
        label="Service target",
        queryset=ServiceTarget.objects.none(),
        required=False,
        empty_label="Choose a target",
        error_messages={"invalid_choice": "Choose a target from the list"},
    )

    def __init__(
        self,
        *args: Any,
        categories: QuerySet[Category],
        areas: QuerySet[Area],
        partners: QuerySet[Organisation],
        targets: QuerySet[ServiceTarget],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_categories(self.fields["category"], categories)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        self.fields["area"].label_from_instance = (  # type: ignore[attr-defined]
            lambda a: f"{a.name} ({a.get_kind_display().lower()})"
        )
        self.fields["lead_partner"].queryset = partners  # type: ignore[attr-defined]
        self.fields["supporting_partners"].queryset = partners  # type: ignore[attr-defined]
        self.fields["service_target"].queryset = targets  # type: ignore[attr-defined]


class RoutingPreviewForm(LocatedForm):
    category = CategoryChoiceField(
        label="Category",
        queryset=Category.objects.none(),
        empty_label="Choose a category",
        error_messages={"required": "Choose the category", "invalid_choice": "Choose from the list"},
    )
    on = GovukDateField(
        label="Date", required=False, help_text="Leave blank for today. For example, 27 11 2026"
    )
    at = TimeField(
        label="Time", required=False, help_text="Leave blank for now. 24-hour clock, for example 23:30"
    )

    def __init__(self, *args: Any, categories: QuerySet[Category], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_categories(self.fields["category"], categories)
        self.order_fields(["category"])

    def when(self, now: dt.datetime) -> dt.datetime:
        local = now.astimezone(LONDON)
        day = self.cleaned_data.get("on") or local.date()
        time = self.cleaned_data.get("at") or local.time().replace(second=0, microsecond=0)
        return dt.datetime.combine(day, time, tzinfo=LONDON)
