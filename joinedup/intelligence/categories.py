"""police.uk crime types: the current set, their API slugs, and the legacy names older files use.

Every incident carries a normalised category code (the police.uk API slug for police data) beside
the raw string it arrived with. Matching is by trimmed, case-insensitive label or slug, so
"ANTI-SOCIAL BEHAVIOUR", "anti-social-behaviour" and "Anti-social behaviour" are one category.
"""

from __future__ import annotations

import re

from django.utils.text import slugify

# (code, label) in police.uk's own order. The code is the API slug; note "violent-crime" for
# "Violence and sexual offences" (police.uk kept the old slug when the label changed).
POLICE_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("anti-social-behaviour", "Anti-social behaviour"),
    ("bicycle-theft", "Bicycle theft"),
    ("burglary", "Burglary"),
    ("criminal-damage-arson", "Criminal damage and arson"),
    ("drugs", "Drugs"),
    ("other-crime", "Other crime"),
    ("other-theft", "Other theft"),
    ("possession-of-weapons", "Possession of weapons"),
    ("public-order", "Public order"),
    ("robbery", "Robbery"),
    ("shoplifting", "Shoplifting"),
    ("theft-from-the-person", "Theft from the person"),
    ("vehicle-crime", "Vehicle crime"),
    ("violent-crime", "Violence and sexual offences"),
)

# Names police.uk used before its 2013 reclassification. "Public disorder and weapons" was later
# split into public order and possession of weapons; a row cannot be split after the event, so it
# counts as public order (the larger share of the old category) and its raw name is kept.
LEGACY_CATEGORIES: dict[str, str] = {
    "Violent crime": "violent-crime",
    "Violence against the person": "violent-crime",
    "Public disorder and weapons": "public-order",
    "public-disorder-weapons": "public-order",
    "Other theft and handling": "other-theft",
}

_SPACES = re.compile(r"\s+")


def _key(value: str) -> str:
    return _SPACES.sub(" ", value.strip()).casefold()


_POLICE_BY_KEY: dict[str, str] = {
    **{_key(label): code for code, label in POLICE_CATEGORIES},
    **{_key(code): code for code, _ in POLICE_CATEGORIES},
    **{_key(label): code for label, code in LEGACY_CATEGORIES.items()},
}
POLICE_CODES = frozenset(code for code, _ in POLICE_CATEGORIES)
POLICE_LABELS = dict(POLICE_CATEGORIES)


def police_category_code(raw: str) -> str | None:
    """The police.uk code for a crime type as written in a file, or None if it is not one."""
    return _POLICE_BY_KEY.get(_key(raw))


def category_code(raw: str) -> str:
    """A normalised code for any category name: the police.uk code where it is one, else a slug."""
    return police_category_code(raw) or slugify(_SPACES.sub(" ", raw.strip()))[:60] or "unspecified"


# Outcome values seen in police.uk files (REFERENCE §2.3). An open list: a value matching one of these
# ignoring case and spaces is written as here; any other value is kept as written, trimmed.
KNOWN_OUTCOMES: tuple[str, ...] = (
    "Under investigation",
    "Status update unavailable",
    "Awaiting court outcome",
    "Court result unavailable",
    "Investigation complete; no suspect identified",
    "Unable to prosecute suspect",
    "Formal action is not in the public interest",
    "Further action is not in the public interest",
    "Further investigation is not in the public interest",
    "Action to be taken by another organisation",
    "Local resolution",
    "Offender given a caution",
    "Offender given a drugs possession warning",
    "Offender given penalty notice",
    "Suspect charged as part of another case",
    "Court case unable to proceed",
    "Defendant found not guilty",
    "Defendant sent to Crown Court",
    "Offender sent to prison",
    "Offender given suspended prison sentence",
    "Offender given community sentence",
    "Offender fined",
    "Offender given conditional discharge",
    "Offender given absolute discharge",
    "Offender ordered to pay compensation",
    "Offender deprived of property",
    "Offender otherwise dealt with",
    "Suspect charged",
)
_OUTCOME_BY_KEY = {_key(name): name for name in KNOWN_OUTCOMES}


def outcome_name(raw: str | None) -> str:
    """An outcome as police.uk writes it where it is a known one; otherwise as given, trimmed."""
    raw = _SPACES.sub(" ", (raw or "").strip())
    return _OUTCOME_BY_KEY.get(raw.casefold(), raw)
