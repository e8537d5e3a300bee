"""The order of the public reporting questions, and the answers kept in the session between pages.

A draft is a plain JSON-able dict in the session (so any web worker can carry on from any other):

    started      when the first page was loaded (a POSIX timestamp), for the too-fast spam check
    done         the questions answered, in any order
    partnership, category                ids
    location     {"method": "point"|"street"|"ward", "longitude", "latitude", "ward", "location_text",
                  "summary"}
    description, answers                 the description and the category's extra questions
    photos       [{"id", "width", "height"}]  (see services.draft_photo_store)
    contact      {"anonymous", "name", "email", "phone"}
    spam         True once a honeypot was filled in
    error        {"message", "field"} from a failed submission, shown on the page for its field

A page reached before the questions ahead of it are answered sends the person back to the first one
still unanswered.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone

DRAFT_KEY = "report_draft"
DONE_KEY = "report_done"

STEPS = ("partnership", "category", "location", "nearby", "description", "photos", "contact")
URL_NAMES = {
    "partnership": "report-partnership",
    "category": "report-category",
    "location": "report-location",
    "nearby": "report-nearby",
    "description": "report-description",
    "photos": "report-photos",
    "contact": "report-contact",
    "check": "report-check",
}
# Answers that no longer hold when an earlier answer changes.
DEPENDS = {
    "partnership": ("category", "location", "nearby", "description"),
    "category": ("nearby", "description"),
    "location": ("nearby",),
}
# A failed submission's error goes back to the page that asked for the field.
FIELD_STEPS = {
    "category": "category",
    "location": "location",
    "ward": "location",
    "description": "description",
    "photo": "photos",
    "reporter_email": "contact",
    "reporter_name": "contact",
    "reporter_phone": "contact",
}


class Draft:
    """The answers so far, kept in the session."""

    def __init__(self, session: SessionBase):
        self.session = session
        data = session.get(DRAFT_KEY)
        if not isinstance(data, dict):
            data = {"started": timezone.now().timestamp(), "done": []}
            session[DRAFT_KEY] = data
        self.data: dict[str, Any] = data

    @classmethod
    def begin(cls, session: SessionBase) -> Draft:
        session[DRAFT_KEY] = {"started": timezone.now().timestamp(), "done": []}
        return cls(session)

    def save(self) -> None:
        self.session[DRAFT_KEY] = self.data
        self.session.modified = True

    def clear(self) -> None:
        self.session.pop(DRAFT_KEY, None)

    # --- which questions are answered -------------------------------------------------------------------

    @property
    def done(self) -> set[str]:
        return set(self.data.get("done", []))

    def answer(self, step: str, **values: Any) -> None:
        """Record an answer; answers that depended on an earlier value of it must be given again."""
        for later in DEPENDS.get(step, ()):
            if later in self.done and self._changes(step, values):
                self.data["done"] = [s for s in self.data["done"] if s != later]
        self.data.update(values)
        if step not in self.data["done"]:
            self.data["done"].append(step)
        self.data.pop("error", None)
        self.save()

    def _changes(self, step: str, values: dict[str, Any]) -> bool:
        return any(self.data.get(name) != value for name, value in values.items())

    def forget(self, step: str) -> None:
        self.data["done"] = [s for s in self.data.get("done", []) if s != step]
        self.save()

    def first_unanswered(self) -> str:
        done = self.done
        return next((step for step in STEPS if step not in done), "check")

    def redirect_for(self, step: str) -> str | None:
        """The URL name to send someone to instead of `step`, or None if they may answer it now."""
        first = self.first_unanswered()
        order = (*STEPS, "check")
        if order.index(step) > order.index(first):
            return URL_NAMES[first]
        return None

    def next_url_name(self) -> str:
        return URL_NAMES[self.first_unanswered()]

    # --- answers ----------------------------------------------------------------------------------------

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)

    @property
    def seconds_since_start(self) -> float:
        return timezone.now().timestamp() - float(self.data.get("started", 0))

    @property
    def photos(self) -> list[dict[str, Any]]:
        return list(self.data.get("photos", []))

    def set_photos(self, photos: list[dict[str, Any]]) -> None:
        self.data["photos"] = photos
        self.save()

    def mark_spam(self) -> None:
        self.data["spam"] = True
        self.save()

    def set_error(self, *, message: str, field: str | None) -> str:
        """Keep a submission error for the page that asked for `field`; returns that page's URL name."""
        step = FIELD_STEPS.get(field or "", "check")
        if field and field.startswith("answer_"):
            step = "description"
        self.data["error"] = {"message": message, "field": field}
        self.save()
        return URL_NAMES[step]

    def pop_error(self) -> dict[str, Any] | None:
        error = self.data.pop("error", None)
        if error:
            self.save()
        return error
