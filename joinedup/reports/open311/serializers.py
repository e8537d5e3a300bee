"""Open311 documents as JSON (orjson) or XML (ElementTree), from plain lists and dicts.

Selectors build one neutral structure per endpoint; this module only writes it out. XML follows the
specification's examples: a list is a container element holding one element per item, named after
the container (`<services><service>…`, `<attributes><attribute>…`), empty elements for nulls and
`true`/`false` for booleans. Dates and times are W3C (ISO 8601) with their UTC offset, in local time.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET  # builds documents only; nothing untrusted is parsed here
from typing import Any

import orjson
from django.utils import timezone

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}

# The element each item of a list is written as, by the list's own element name.
_ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}


# Characters XML 1.0 cannot carry at all, even escaped: ElementTree would write them and break the
# document for every client, so one stray control character in a description is dropped instead.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def w3c(value: dt.datetime | None) -> str | None:
    """A W3C date-time with its offset, e.g. 2026-06-01T14:30:00+01:00 (Europe/London)."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return w3c(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return w3c(value)
    return _NOT_XML.sub("", str(value))


def _append(parent: ET.Element, name: str, value: Any) -> None:
    element = ET.SubElement(parent, name)
    _fill(element, name, value)


def _fill(element: ET.Element, name: str, value: Any) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _append(element, key, item)
    elif isinstance(value, list | tuple):
        item_name = _ITEM_NAMES.get(name, "item")
        for item in value:
            _append(element, item_name, item)
    else:
        element.text = _text(value)


def render(data: Any, *, fmt: str, root: str) -> bytes:
    """`data` as a JSON document, or as an XML document whose root element is `root`."""
    if fmt == "json":
        # orjson walks the data in C and hands back only the date-times, to be written as W3C.
        return orjson.dumps(data, default=_json_default, option=orjson.OPT_PASSTHROUGH_DATETIME)
    element = ET.Element(root)
    _fill(element, root, data)
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)


def errors_document(errors: list[tuple[int, str]]) -> list[dict[str, Any]]:
    """The specification's error list: [{"code": 400, "description": "…"}]."""
    return [{"code": code, "description": description} for code, description in errors]
