"""Open311 GeoReport v2: what a civic app (FixMyStreet and the like) sees and can do.

Every JSON answer is checked against the official Open311 JSON Schemas (open311_schemas/), every
XML answer is parsed with defusedxml and checked for the same fields.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from defusedxml import ElementTree as SafeET
from django.core.cache import cache
from django.test import Client
from jsonschema import Draft7Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from joinedup.reports import services as report_services
from joinedup.reports.models import Category, Photo, Report, ReportEvent, Source
from joinedup.reports.open311 import services as open311_services
from joinedup.reports.selectors import public_location

from .conftest import BIRMINGHAM, GUILDHALL, NEAR_GUILDHALL, SOUTH_WORCESTER

BASE = "/open311/v2"
SCHEMAS = Path(__file__).parent / "open311_schemas"

# --- checking documents against the official schemas ---------------------------------------------------

_W3C = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
checker = FormatChecker()


@checker.checks("date-time")
def _is_w3c_datetime(value: object) -> bool:
    # jsonschema only checks date-time with an optional package; this is the same RFC 3339 rule.
    return not isinstance(value, str) or bool(_W3C.match(value))


@checker.checks("uri")
def _is_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def _schema(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text())


# requests.json and services.json refer to their item schema by relative file name.
REGISTRY = Registry().with_resources(
    (name, Resource.from_contents(_schema(name), default_specification=DRAFT7))
    for name in ("request.json", "service.json")
)


def assert_valid(document, schema_name: str) -> None:
    validator = Draft7Validator(_schema(schema_name), registry=REGISTRY, format_checker=checker)
    errors = sorted(validator.iter_errors(document), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def xml(response):
    assert response["Content-Type"].startswith("text/xml")
    assert response.content.startswith(b"<?xml")
    return SafeET.fromstring(response.content)


def jsn(response):
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def xml_records(root, item: str) -> list[dict[str, str | None]]:
    """Each <item> of the root as a dict of its simple child elements' text."""
    return [{child.tag: child.text for child in element} for element in root.findall(item)]


# --- fixtures --------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db):
    cache.clear()


@pytest.fixture
def app(south, worcester, litter_rule, begging_rule, taxi, hate, police, target):
    """A client application with an API key for South, and the categories it can report."""
    client, key = open311_services.open311_client_create(by=None, partnership=south, name="FixMyStreet")
    client.key = key
    return client


@pytest.fixture
def staff_only(south, groups):
    return Category.objects.create(
        partnership=south, group=groups["asb"], code="cctv-review", name="CCTV review", staff_only=True
    )


def get(path: str, **params):
    params.setdefault("jurisdiction_id", "south")
    return Client().get(f"{BASE}/{path}", params)


def post(app, fmt: str = "json", **fields):
    body = {
        "api_key": app.key,
        "jurisdiction_id": "south",
        "service_code": "general-litter",
        "lat": str(GUILDHALL[1]),
        "long": str(GUILDHALL[0]),
        "description": "Overflowing bin outside the Guildhall",
        "email": "Resident@Example.org",
        "first_name": "Rita",
        "last_name": "Resident",
        "phone": "07700 900123",
    }
    body.update(fields)
    body = {name: value for name, value in body.items() if value is not None}
    return Client(enforce_csrf_checks=True).post(f"{BASE}/requests.{fmt}", body)


def submit(south, category, point=GUILDHALL, **extra) -> Report:
    return report_services.report_submit(
        partnership=south,
        category=category,
        description=extra.pop("description", f"A {category.name.lower()} problem"),
        longitude=point[0],
        latitude=point[1],
        reporter_name="Rita Resident",
        reporter_email="rita@example.org",
        reporter_phone="07700 900123",
        **extra,
    )


# --- discovery and services ------------------------------------------------------------------------------


def test_discovery_names_the_endpoint_the_specification_and_both_formats(app):
    document = jsn(get("discovery.json"))
    endpoint = document["endpoints"][0]
    assert endpoint["url"] == "http://testserver/open311/v2/"
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert _W3C.match(document["changeset"])

    root = xml(get("discovery.xml"))
    assert root.tag == "discovery"
    assert [f.text for f in root.find("endpoints/endpoint/formats")] == ["text/xml", "application/json"]
    assert root.findtext("endpoints/endpoint/type") == "production"


def test_the_service_list_offers_the_public_categories_including_hate_incidents(app, begging, staff_only):
    services = jsn(get("services.json"))
    assert_valid(services, "services.json")
    by_code = {s["service_code"]: s for s in services}
    assert set(by_code) == {"general-litter", "taxi-public-safety", "begging", "hate-incident"}
    assert by_code["taxi-public-safety"] == {
        "service_code": "taxi-public-safety",
        "service_name": "Taxi: public safety",
        "description": None,
        "metadata": True,
        "type": "realtime",
        "keywords": None,
        "group": "Anti-social behaviour",
    }
    assert by_code["general-litter"]["metadata"] is False
    assert by_code["begging"]["keywords"] == "location generalised"
    assert "never published" in by_code["hate-incident"]["keywords"]

    root = xml(get("services.xml"))
    assert root.tag == "services"
    records = {r["service_code"]: r for r in xml_records(root, "service")}
    assert set(records) == set(by_code)
    assert records["taxi-public-safety"]["metadata"] == "true"
    assert records["taxi-public-safety"]["group"] == "Anti-social behaviour"
    assert records["general-litter"]["type"] == "realtime"


def test_a_service_definition_lists_the_extra_questions_as_attributes(app):
    definition = jsn(get("services/taxi-public-safety.json"))
    assert_valid(definition, "service-definition.json")
    notice, plate, colour = definition["attributes"]
    assert notice["variable"] is False and "call 999" in notice["description"]
    assert plate == {
        "variable": True,
        "code": "plate",
        "datatype": "string",
        "required": True,
        "datatype_description": None,
        "order": 1,
        "description": "Taxi plate number",
    }
    assert colour["datatype"] == "singlevaluelist"
    assert colour["required"] is False
    assert colour["values"] == [{"key": c, "name": c} for c in ("Black", "White", "Other")]

    root = xml(get("services/taxi-public-safety.xml"))
    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "taxi-public-safety"
    attributes = root.findall("attributes/attribute")
    assert [a.findtext("code") for a in attributes] == ["urgent-notice", "plate", "colour"]
    assert attributes[1].findtext("required") == "true"
    assert [v.findtext("key") for v in attributes[2].findall("values/value")] == ["Black", "White", "Other"]


def test_the_singular_service_alias_gives_the_same_definition(app):
    assert get("service/taxi-public-safety.json").content == get("services/taxi-public-safety.json").content


def test_an_unknown_or_staff_only_service_is_not_found_in_the_error_format(app, staff_only):
    for code in ("no-such-thing", "cctv-review"):
        response = get(f"services/{code}.json")
        assert response.status_code == 404
        assert jsn(response) == [{"code": 404, "description": f"service_code {code!r} was not found"}]
    response = get("services/no-such-thing.xml")
    assert response.status_code == 404
    root = xml(response)
    assert root.tag == "errors"
    assert root.findtext("error/code") == "404"
    assert "service_code" in root.findtext("error/description")


def test_an_unknown_format_extension_is_not_found(app):
    response = get("services.csv")
    assert response.status_code == 404
    assert xml(response).findtext("error/code") == "404"


def test_with_several_partnerships_the_jurisdiction_must_be_named(app, north):
    response = Client().get(f"{BASE}/services.json")
    assert response.status_code == 400
    assert "jurisdiction_id" in jsn(response)[0]["description"]
    response = get("services.json", jurisdiction_id="nowhere")
    assert response.status_code == 404
    assert "jurisdiction_id" in jsn(response)[0]["description"]
    # North has no categories of South's.
    assert jsn(get("services.json", jurisdiction_id="north")) == []


# --- posting a service request ---------------------------------------------------------------------------


def test_an_app_posts_a_report_and_gets_its_reference_and_a_token(app, south_council):
    response = post(app, "json", **{"attribute[unknown]": "ignored"}, media_url=None)
    assert response.status_code == 200
    (answer,) = jsn(response)
    report = Report.objects.get(reference=answer["service_request_id"])
    assert re.fullmatch(r"WOR-\d{4}-\d{6}", report.reference)
    assert answer["token"] == report.open311_token
    assert answer["account_id"] is None
    assert answer["service_notice"].startswith("South Council will deal with this report.")
    assert report.source == Source.OPEN311
    assert report.open311_client == app
    assert report.lead_partner == south_council
    assert report.ward.name == "Cathedral"
    assert (report.reporter_name, report.reporter_email, report.reporter_phone) == (
        "Rita Resident",
        "resident@example.org",
        "07700 900123",
    )
    assert report.subscribers.filter(email="resident@example.org").exists()


def test_an_app_can_post_in_xml_with_answers_to_the_extra_questions(app):
    response = post(
        app,
        "xml",
        service_code="taxi-public-safety",
        description="Taxi parked across the pedestrian crossing",
        address_string="Foregate Street",
        **{"attribute[plate]": "WC 1234", "attribute[colour]": "White"},
    )
    assert response.status_code == 200
    root = xml(response)
    assert root.tag == "service_requests"
    reference = root.findtext("request/service_request_id")
    assert root.find("request/account_id").text is None
    report = Report.objects.get(reference=reference)
    assert report.answers == {"plate": "WC 1234", "colour": "White"}
    assert report.location_text == "Foregate Street"
    assert root.findtext("request/token") == report.open311_token


def test_a_photo_link_is_kept_for_partners_to_follow_and_never_fetched(app, monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the server must not fetch media_url")

    monkeypatch.setattr(socket, "create_connection", no_network)
    response = post(app, media_url="https://photos.example.org/bin.jpg")
    assert response.status_code == 200
    report = Report.objects.get(reference=jsn(response)[0]["service_request_id"])
    note = ReportEvent.objects.get(report=report, data__has_key="media_url")
    assert note.visibility == "partners"
    assert "https://photos.example.org/bin.jpg" in note.text
    (document,) = jsn(get(f"requests/{report.reference}.json"))
    assert document["media_url"] == "https://photos.example.org/bin.jpg"


def test_a_hate_incident_can_be_reported_through_an_app_and_is_never_published(app, police):
    response = post(app, service_code="hate-incident", description="Abuse shouted at my neighbour")
    assert response.status_code == 200
    (answer,) = jsn(response)
    assert "never be published" in answer["service_notice"]
    assert "support for victims" in answer["service_notice"]
    assert Report.objects.get(reference=answer["service_request_id"]).category.code == "hate-incident"


def test_posting_without_an_api_key_or_with_a_wrong_or_revoked_one_is_forbidden(app):
    assert Report.objects.count() == 0
    for key in (None, "", "not-a-key", app.key[:-1] + ("A" if app.key[-1] != "A" else "B")):
        response = post(app, api_key=key)
        assert response.status_code == 403, key
        assert "api_key" in jsn(response)[0]["description"]
    open311_services.open311_client_revoke(by=None, client=app)
    response = post(app, "xml")
    assert response.status_code == 403
    assert xml(response).findtext("error/code") == "403"
    assert Report.objects.count() == 0


def test_a_key_cannot_post_to_another_partnership(app, north):
    response = post(app, jurisdiction_id="north")
    assert response.status_code == 403
    assert "jurisdiction_id" in jsn(response)[0]["description"]
    response = post(app, jurisdiction_id="atlantis")
    assert response.status_code == 404
    # Without a jurisdiction_id the key's own partnership is meant.
    assert post(app, jurisdiction_id=None).status_code == 200


def test_posting_an_unknown_or_staff_only_service_code_is_not_found(app, staff_only):
    # 404: the specification's answer when "service_code ... provided [was] not found".
    for code in ("no-such-thing", "cctv-review"):
        response = post(app, service_code=code)
        assert response.status_code == 404
        assert jsn(response) == [{"code": 404, "description": f"service_code {code!r} was not found"}]
    response = post(app, service_code=None)
    assert response.status_code == 400
    assert jsn(response)[0]["description"] == "service_code was not provided"
    assert Report.objects.count() == 0


def test_posting_without_a_location_is_refused_naming_lat_and_long(app):
    response = post(app, lat=None, long=None, address_string="Foregate Street")
    assert response.status_code == 400
    descriptions = [e["description"] for e in jsn(response)]
    assert any(d.startswith("lat ") for d in descriptions)
    assert any(d.startswith("long ") for d in descriptions)
    assert all(e["code"] == 400 for e in jsn(response))

    response = post(app, "xml", lat="north-ish")
    assert response.status_code == 400
    assert xml(response).findtext("error/description").startswith("lat must be a WGS84 latitude")
    assert post(app, lat="123").status_code == 400
    assert Report.objects.count() == 0


def test_posting_without_a_description_is_refused_naming_it(app):
    for description in (None, "", "   "):
        response = post(app, description=description)
        assert response.status_code == 400
        assert jsn(response)[0]["description"].startswith("description")
    assert Report.objects.count() == 0


def test_a_location_outside_the_partnership_is_refused(app):
    response = post(app, lat=str(BIRMINGHAM[1]), long=str(BIRMINGHAM[0]))
    assert response.status_code == 400
    description = jsn(response)[0]["description"]
    assert description.startswith("lat/long: That location is outside the area")
    assert Report.objects.count() == 0


def test_a_missing_or_wrong_answer_to_an_extra_question_is_refused_naming_the_attribute(app):
    response = post(app, service_code="taxi-public-safety")
    assert response.status_code == 400
    assert jsn(response)[0]["description"] == "attribute[plate]: Enter taxi plate number"
    response = post(
        app, service_code="taxi-public-safety", **{"attribute[plate]": "WC 1", "attribute[colour]": "Tartan"}
    )
    assert response.status_code == 400
    assert jsn(response)[0]["description"].startswith("attribute[colour]:")
    assert Report.objects.count() == 0


def test_a_bad_email_address_or_media_url_is_refused_naming_it(app):
    response = post(app, email="not an address")
    assert response.status_code == 400
    assert jsn(response)[0]["description"] == "email is not a valid email address"
    response = post(app, media_url="javascript:alert(1)")
    assert response.status_code == 400
    assert jsn(response)[0]["description"].startswith("media_url")
    assert Report.objects.count() == 0


def test_an_app_posting_too_fast_is_slowed_down(app, settings):
    settings.OPEN311_RATE = "2/m"
    assert [post(app).status_code for _ in range(3)] == [200, 200, 429]
    response = post(app)
    assert jsn(response)[0]["code"] == 429
    assert Report.objects.count() == 2


def test_get_is_the_only_other_method(app):
    assert Client().put(f"{BASE}/requests.json").status_code == 405
    assert Client().post(f"{BASE}/services.json").status_code == 405


# --- reading service requests --------------------------------------------------------------------------


def test_the_request_list_shows_reports_without_who_reported_them(app, litter, south_council):
    report = submit(app.partnership, litter, location_text="Outside the Guildhall")
    response = get("requests.json")
    assert b"rita" not in response.content.lower() and b"07700" not in response.content
    documents = jsn(response)
    assert_valid(documents, "requests.json")
    (document,) = documents
    assert document == {
        "service_request_id": report.reference,
        "status": "open",
        "status_notes": None,
        "service_name": "General litter",
        "service_code": "general-litter",
        "description": "A general litter problem",
        "agency_responsible": "South Council",
        "service_notice": document["service_notice"],
        "requested_datetime": document["requested_datetime"],
        "updated_datetime": document["updated_datetime"],
        "expected_datetime": document["expected_datetime"],
        "address": "Outside the Guildhall",
        "address_id": None,
        "zipcode": None,
        "lat": round(GUILDHALL[1], 5),
        "long": round(GUILDHALL[0], 5),
        "media_url": None,
    }
    assert dt.datetime.fromisoformat(document["expected_datetime"]) == report.resolve_by
    assert dt.datetime.fromisoformat(document["requested_datetime"]) == report.created_at.replace(
        microsecond=0
    )

    response = get("requests.xml")
    assert b"rita" not in response.content.lower() and b"07700" not in response.content
    root = xml(response)
    assert root.tag == "service_requests"
    (record,) = xml_records(root, "request")
    assert record["service_request_id"] == report.reference
    assert record["agency_responsible"] == "South Council"
    assert record["status"] == "open"
    assert record["zipcode"] is None
    assert float(record["lat"]) == round(GUILDHALL[1], 5)
    assert record["expected_datetime"] == document["expected_datetime"]


def test_a_resolved_report_is_closed_with_what_was_done(app, litter, officer_a, south):
    south.people.add(officer_a)
    report = submit(south, litter)
    report_services.report_resolve(report=report, by=officer_a, public_note="Bin emptied and area swept")
    (document,) = jsn(get(f"requests/{report.reference}.json"))
    assert document["status"] == "closed"
    assert document["status_notes"] == "Bin emptied and area swept"
    assert dt.datetime.fromisoformat(document["updated_datetime"]) >= report.created_at.replace(microsecond=0)


def test_hate_incidents_never_appear_in_any_get(app, hate, litter):
    incident = submit(app.partnership, hate)
    Report.objects.filter(pk=incident.pk).update(open311_token="hate-token")
    submit(app.partnership, litter)
    assert incident.reference not in get("requests.json").content.decode()
    assert incident.reference not in get("requests.xml").content.decode()
    assert jsn(get("requests.json", service_request_id=incident.reference)) == []
    assert jsn(get("requests.json", service_code="hate-incident")) == []
    assert get(f"requests/{incident.reference}.json").status_code == 404
    assert get(f"request/{incident.reference}.xml").status_code == 404
    assert get("tokens/hate-token.json").status_code == 404


def test_reports_of_staff_only_categories_are_not_published(app, staff_only, litter, officer_a, south):
    south.people.add(officer_a)
    internal = submit(south, staff_only, by=officer_a)
    submit(south, litter)
    assert internal.reference not in get("requests.json").content.decode()
    assert get(f"requests/{internal.reference}.xml").status_code == 404


def test_a_sensitive_report_shows_only_a_generalised_location(app, begging):
    report = submit(
        app.partnership, begging, location_text="Doorway of 12 The Shambles", description="Man begging"
    )
    Photo.objects.create(report=report, image="report-photos/x.jpg", width=10, height=10)
    (document,) = jsn(get(f"requests/{report.reference}.json"))
    assert_valid([document], "requests.json")
    lon, lat = public_location(report)
    assert (document["long"], document["lat"]) == (lon, lat)
    assert (document["long"], document["lat"]) != (round(GUILDHALL[0], 5), round(GUILDHALL[1], 5))
    assert document["address"] == "Cathedral"
    assert document["description"] is None
    assert document["media_url"] is None
    body = get("requests.xml").content.decode()
    assert "Shambles" not in body and "Man begging" not in body and "doorway" not in body


def test_a_control_character_in_a_description_does_not_break_the_xml(app, litter):
    report = submit(app.partnership, litter, description="Bin\x0b overflowing\x1b again")
    root = xml(get(f"requests/{report.reference}.xml"))
    assert root.findtext("request/description") == "Bin overflowing again"
    assert jsn(get(f"requests/{report.reference}.json"))[0]["description"] == "Bin\x0b overflowing\x1b again"


def test_photos_taken_for_the_service_are_not_published_through_open311(app, litter):
    # Photos are staff-only files; only a link an app sent itself is given back as media_url.
    report = submit(app.partnership, litter)
    Photo.objects.create(report=report, image="report-photos/2026/11/bin.jpg", width=10, height=10)
    (document,) = jsn(get(f"requests/{report.reference}.json"))
    assert_valid([document], "requests.json")
    assert document["media_url"] is None
    assert b"bin.jpg" not in get("requests.xml").content


def test_requests_can_be_found_by_id_code_status_and_date(
    app, litter, begging, officer_a, south, time_machine
):
    south.people.add(officer_a)
    time_machine.move_to(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC))
    march = submit(south, litter)
    time_machine.move_to(dt.datetime(2026, 4, 6, 10, tzinfo=dt.UTC))
    april = submit(south, begging, point=SOUTH_WORCESTER)
    resolved = submit(south, litter, point=NEAR_GUILDHALL)
    report_services.report_resolve(report=resolved, by=officer_a, public_note="Cleared")

    def references(**params):
        documents = jsn(get("requests.json", **params))
        assert_valid(documents, "requests.json")
        return [d["service_request_id"] for d in documents]

    assert references() == [resolved.reference, april.reference, march.reference]
    assert references(service_request_id=f"{march.reference}, {april.reference}") == [
        april.reference,
        march.reference,
    ]
    assert references(service_code="begging") == [april.reference]
    assert references(status="closed") == [resolved.reference]
    assert references(status="open") == [april.reference, march.reference]
    assert references(status="open,closed") == [resolved.reference, april.reference, march.reference]
    assert references(start_date="2026-04-01T00:00:00+01:00") == [resolved.reference, april.reference]
    assert references(end_date="2026-03-31T23:59:59Z") == [march.reference]
    assert references(start_date="2026-03-01", end_date="2026-03-02") == [march.reference]
    # A '+' sent unencoded arrives as a space; a naive time is UK local time.
    assert references(start_date="2026-04-01T00:00:00 01:00") == [resolved.reference, april.reference]
    assert references(end_date="2026-03-31 23:59:59") == [march.reference]
    # The id list overrides every other filter.
    assert references(service_request_id=march.reference, service_code="begging") == [march.reference]
    root = xml(get("requests.xml", status="closed"))
    assert [r["service_request_id"] for r in xml_records(root, "request")] == [resolved.reference]


def test_by_default_the_list_covers_the_last_90_days(app, litter, time_machine):
    time_machine.move_to(dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC))
    old = submit(app.partnership, litter)
    time_machine.move_to(dt.datetime(2026, 4, 6, 10, tzinfo=dt.UTC))
    recent = submit(app.partnership, litter)
    assert [d["service_request_id"] for d in jsn(get("requests.json"))] == [recent.reference]
    # An old report is still there to ask for by its id.
    assert [d["service_request_id"] for d in jsn(get("requests.json", service_request_id=old.reference))] == [
        old.reference
    ]


def test_bad_filters_are_refused_naming_the_parameter(app):
    cases = {
        "status": ({"status": "pending"}, "status must be open or closed"),
        "start_date": ({"start_date": "last tuesday"}, "start_date must be a W3C date and time"),
        "end_date": ({"start_date": "2026-01-01", "end_date": "2026-06-01"}, "at most 90 days apart"),
        "service_code": ({"service_code": "no-such-thing"}, "service_code 'no-such-thing'"),
    }
    for name, (params, message) in cases.items():
        response = get("requests.json", **params)
        assert response.status_code == 400, name
        (error,) = jsn(response)
        assert error["code"] == 400
        assert error["description"].startswith(name) and message in error["description"], error
    response = get("requests.xml", status="pending")
    assert response.status_code == 400
    assert xml(response).findtext("error/description").startswith("status")


def test_one_request_by_id_through_both_paths_and_formats(app, litter):
    report = submit(app.partnership, litter)
    for path in ("requests", "request"):
        documents = jsn(get(f"{path}/{report.reference}.json"))
        assert_valid(documents, "requests.json")
        assert [d["service_request_id"] for d in documents] == [report.reference]
        root = xml(get(f"{path}/{report.reference}.xml"))
        assert root.findtext("request/service_request_id") == report.reference
        assert root.findtext("request/service_code") == "general-litter"
    response = get("requests/WOR-2026-999999.json")
    assert response.status_code == 404
    assert jsn(response)[0]["description"] == "service_request_id 'WOR-2026-999999' was not found"
    assert xml(get("requests/WOR-2026-999999.xml")).findtext("error/code") == "404"


def test_a_request_of_another_partnership_is_not_found(app, litter, north):
    report = submit(app.partnership, litter)
    assert get(f"requests/{report.reference}.json", jurisdiction_id="north").status_code == 404
    assert jsn(get("requests.json", jurisdiction_id="north")) == []


def test_a_token_leads_to_the_request_it_created(app):
    (answer,) = jsn(post(app))
    (document,) = jsn(get(f"tokens/{answer['token']}.json"))
    assert document == {"service_request_id": answer["service_request_id"], "token": answer["token"]}
    root = xml(get(f"tokens/{answer['token']}.xml"))
    assert root.tag == "service_requests"
    assert root.findtext("request/service_request_id") == answer["service_request_id"]
    assert root.findtext("request/token") == answer["token"]
    response = get("tokens/00000000-0000-0000-0000-000000000000.xml")
    assert response.status_code == 404
    assert xml(response).findtext("error/code") == "404"


def test_a_report_closed_as_a_duplicate_says_which_report_carries_on(app, litter, officer_a, south):
    south.people.add(officer_a)
    first = submit(south, litter)
    second = submit(south, litter, point=NEAR_GUILDHALL)
    report_services.report_merge(duplicate=second, into=first, by=officer_a)
    (document,) = jsn(get(f"requests/{second.reference}.json"))
    assert document["status"] == "closed"
    assert first.reference in document["status_notes"]


def test_a_report_posted_by_an_app_reads_back_the_same(app):
    (answer,) = jsn(post(app, address_string="Guildhall, High Street"))
    (document,) = jsn(get(f"requests/{answer['service_request_id']}.json"))
    assert_valid([document], "requests.json")
    assert document["description"] == "Overflowing bin outside the Guildhall"
    assert document["address"] == "Guildhall, High Street"
    assert document["agency_responsible"] == "South Council"
    # The app's own answer also says by when; a read leaves that to expected_datetime.
    assert answer["service_notice"] == f"{document['service_notice']} They aim to resolve it by " + (
        f"{dt.datetime.fromisoformat(document['expected_datetime']):%-d %B %Y}."
    )
