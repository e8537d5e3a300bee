"""Keys and scores for finding a person who may already be on record.

Three signals, any of which makes a candidate: a similar name (trigram similarity of the
normalised name, as PostgreSQL's pg_trgm computes it, or the same phonetic key), the same date of
birth, or the same address (normalised postcode plus house number). Candidates are then scored
here in Python, so SQLite and PostgreSQL rank them identically.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Similarity at which two names count as alike on their own (pg_trgm's default threshold is 0.3).
NAME_SIMILAR = 0.45
_NOT_LETTERS = re.compile(r"[^a-z ]+")
_SPACES = re.compile(r"\s+")
_POSTCODE = re.compile(r"[^A-Z0-9]")
_HOUSE_NUMBER = re.compile(r"\b(\d+[a-z]?)\b", re.IGNORECASE)


def normalise_name(*parts: str) -> str:
    """Lower case letters and single spaces: "Siân  O'Brien-Jones" → "sian obrienjones"."""
    text = unicodedata.normalize("NFKD", " ".join(parts)).encode("ascii", "ignore").decode().lower()
    text = text.replace("'", "").replace("-", "")
    return _SPACES.sub(" ", _NOT_LETTERS.sub(" ", text)).strip()


_SOUNDEX = str.maketrans("bfpvcgjkqsxzdtlmnr", "111122222222334556")


def soundex(word: str) -> str:
    """American Soundex of one word ("Robert" and "Rupert" → R163); empty for no letters."""
    word = normalise_name(word).replace(" ", "")
    if not word:
        return ""
    codes = word.translate(_SOUNDEX)
    out, last = word[0].upper(), codes[0] if codes[0].isdigit() else ""
    for letter, code in zip(word[1:], codes[1:], strict=True):
        if code.isdigit() and code != last:
            out += code
        if letter not in "hw":  # h and w do not separate letters with the same code
            last = code if code.isdigit() else ""
    return (out + "000")[:4]


def name_sound(given_name: str, family_name: str) -> str:
    """The phonetic key of a name: family name's Soundex, then the given name's initial."""
    given = normalise_name(given_name)
    return f"{soundex(family_name)}{given[:1].upper()}"


def address_key(address: str, postcode: str) -> str:
    """Postcode without spaces plus the house number, "WR1 2AB" + "12a High St" → "WR12AB:12A".

    Empty without a postcode: an address alone is too loosely typed to match on.
    """
    code = _POSTCODE.sub("", postcode.upper())
    if not code:
        return ""
    number = _HOUSE_NUMBER.search(address or "")
    return f"{code}:{number.group(1).upper()}" if number else code


def trigrams(text: str) -> set[str]:
    """pg_trgm's trigrams: each word padded with two spaces before and one after."""
    grams: set[str] = set()
    for word in text.split():
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def similarity(a: str, b: str) -> float:
    """pg_trgm's `similarity(a, b)`: shared trigrams over all trigrams of both."""
    ta, tb = trigrams(a), trigrams(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


@dataclass(frozen=True)
class MatchScore:
    score: float
    reasons: tuple[str, ...]


def match_score(
    *,
    name_key: str,
    sound: str,
    date_of_birth: object,
    address: str,
    candidate_name_key: str,
    candidate_sound: str,
    candidate_date_of_birth: object,
    candidate_address: str,
) -> MatchScore | None:
    """How likely the candidate is the person being entered, and why; None if not likely at all."""
    reasons = []
    name = similarity(name_key, candidate_name_key)
    score = name
    if name >= NAME_SIMILAR:
        reasons.append("similar name")
    elif sound and sound == candidate_sound:
        reasons.append("name sounds alike")
        score = max(score, NAME_SIMILAR)
    if date_of_birth and date_of_birth == candidate_date_of_birth:
        reasons.append("same date of birth")
        score += 1
    if address and address == candidate_address:
        reasons.append("same address")
        score += 1
    elif address and candidate_address and address.split(":")[0] == candidate_address.split(":")[0]:
        reasons.append("same postcode")
        score += 0.3
    alike = "similar name" in reasons or "name sounds alike" in reasons
    # Someone else at the same address is worth knowing about; a shared birthday alone is not,
    # unless the names are at least a little alike (a typing slip in both).
    if not (alike or "same address" in reasons or ("same date of birth" in reasons and name >= 0.2)):
        return None
    return MatchScore(round(score, 3), tuple(reasons))
