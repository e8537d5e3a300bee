"""Reporting a problem as a member of the public: the question pages, from the first to the reference."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from joinedup.places.models import Area, AreaKind, Street
from joinedup.reports.models import Category, CategoryGroup, EventKind, Photo, Report, Subscriber
from joinedup.reports.services import report_submit

from .conftest import BIRMINGHAM, GUILDHALL, NEAR_GUILDHALL

LONDON = ZoneInfo("Europe/London")
# A Wednesday morning: working hours, no bank holiday, outside the night-time rule.
WEDNESDAY = dt.datetime(2026, 3, 11, 10, 0, tzinfo=LONDON)
ARBORETUM = "E05007880"
CATHEDRAL = "E05007883"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(WEDNESDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _media_and_limits(settings, tmp_path, db):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()  # rate limit counts


@pytest.fixture
def streets(worcester):
    return {
        "foregate": Street.objects.create(
            name="Foregate Street",
            search_text=" foregate street",
            longitude=-2.222198,
            latitude=52.195501,
            district_code="E07000237",
            ward_code=ARBORETUM,
            points=4,
        ),
        "the_foregate": Street.objects.create(
            name="The Foregate",
            search_text=" the foregate",
            longitude=-2.221533,
            latitude=52.1941,
            district_code="E07000237",
            ward_code=CATHEDRAL,
            points=1,
        ),
        "bromsgrove": Street.objects.create(
            name="Foregate Road",
            search_text=" foregate road",
            longitude=-2.06,
            latitude=52.33,
            district_code="E07000234",  # Bromsgrove: not the South partnership's
            ward_code="",
            points=1,
        ),
    }


@pytest.fixture
def reporting(worcester, litter, litter_rule, taxi, begging, begging_rule, hate, streets):
    """Worcester's categories, routing and streets: what the public report against."""
    return {"litter": litter, "taxi": taxi, "begging": begging, "hate": hate}


def jpeg(*, with_gps: bool = False) -> bytes:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    out = BytesIO()
    if with_gps:
        exif = Image.Exif()
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps[ExifTags.GPS.GPSLatitudeRef] = "N"
        gps[ExifTags.GPS.GPSLatitude] = (52.0, 11.0, 30.12)
        image.save(out, "JPEG", exif=exif)
    else:
        image.save(out, "JPEG")
    return out.getvalue()


def go(client, name, data=None, **kwargs):
    """POST an answer to a question page (by URL name), or GET it when there is no data."""
    url = reverse(name)
    return client.post(url, data, **kwargs) if data is not None else client.get(url, **kwargs)


def page(response) -> str:
    return response.content.decode()


def answer_up_to_contact(client, category, *, description="Crisps packets and cans all over the pavement"):
    """Category, a street, a description, no photos: the answers every test needs."""
    client.get(reverse("report-start"))
    go(client, "report-category", {"category": category.code})
    placed = client.post(
        reverse("report-location-street"), {"q": "foregate street", "street": _street_id("Foregate Street")}
    )
    if placed["Location"] == reverse("report-nearby"):
        go(client, "report-nearby", {"choice": "none"})  # an earlier test report is close by
    go(client, "report-description", {"description": description, "answer_plate": "WCC 123", "website": ""})
    go(client, "report-photos", {"action": "continue"})


def _street_id(name):
    return str(Street.objects.get(name=name).pk)


def pin(client, point):
    """A pin dropped on the map (the page's script fills in these hidden fields)."""
    return go(client, "report-location", {"longitude": str(point[0]), "latitude": str(point[1])})


def on_street(client, name="Foregate Street", **extra):
    return client.post(
        reverse("report-location-street"), {"q": "foregate", "street": _street_id(name), **extra}
    )


def send(client, clock, **data):
    clock.shift(dt.timedelta(seconds=10))  # people take longer than the spam check's few seconds
    return go(client, "report-check", {"website": "", **data})


# --- the whole journey ---------------------------------------------------------------------------------


def test_a_resident_reports_litter_by_street_and_gets_a_reference_and_an_email(
    anonymous, reporting, south_council, clock, notify_outbox, django_capture_on_commit_callbacks
):
    start = anonymous.get(reverse("report-start"))
    assert start["Location"] == reverse("report-category")  # one partnership: its question is skipped

    category_page = page(anonymous.get(reverse("report-category")))
    assert "What are you reporting?" in category_page
    assert "Littering" in category_page and "Anti-social behaviour" in category_page
    assert "call 999" in category_page
    response = go(anonymous, "report-category", {"category": reporting["litter"].code})
    assert response["Location"] == reverse("report-location")

    location_page = page(anonymous.get(reverse("report-location")))
    assert "Where is the problem?" in location_page
    assert "Use my location" in location_page
    results = anonymous.get(reverse("report-location-street"), {"q": "foregate"})
    assert "Foregate Street, Arboretum" in page(results)
    assert "The Foregate, Cathedral" in page(results)
    assert "Foregate Road" not in page(results)  # in another partnership's district
    response = anonymous.post(
        reverse("report-location-street"),
        {"q": "foregate", "street": _street_id("Foregate Street"), "location_text": "outside the station"},
    )
    assert response["Location"] == reverse("report-description")

    description_page = page(anonymous.get(reverse("report-description")))
    assert "Leave this blank" in description_page  # the spam trap is there, hidden
    response = go(
        anonymous, "report-description", {"description": "Bags of rubbish split open", "website": ""}
    )
    assert response["Location"] == reverse("report-photos")
    response = go(anonymous, "report-photos", {"action": "continue"})
    assert response["Location"] == reverse("report-contact")
    response = go(
        anonymous,
        "report-contact",
        {"how": "contact", "name": "Rita Resident", "email": "Rita@Example.com", "phone": ""},
    )
    assert response["Location"] == reverse("report-check")

    check = page(anonymous.get(reverse("report-check")))
    for shown in (
        "General litter",
        "Foregate Street",
        "outside the station",
        "Arboretum ward",
        "Bags of rubbish split open",
        "rita@example.com",
        "Rita Resident",
    ):
        assert shown in check
    assert Report.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):  # emails go once the report is saved
        response = send(anonymous, clock)
    assert response["Location"] == reverse("report-done")
    report = Report.objects.get()
    done = page(anonymous.get(reverse("report-done")))
    assert "Report sent" in done
    assert report.reference in done
    assert report.reference.startswith("WOR-2026-")
    assert reverse("report-track", args=[report.reference]) in done
    assert "South Council" in done

    # Routed by the litter rule, placed on the street, in its ward.
    assert report.lead_partner == south_council
    assert report.resolve_by is not None
    assert report.ward.code == ARBORETUM
    assert report.location_text == "Foregate Street, outside the station"
    assert (report.longitude, report.latitude) == (-2.222198, 52.195501)
    assert report.reporter_email == "rita@example.com"
    assert Subscriber.objects.filter(report=report, email="rita@example.com").exists()
    assert [email.template for email in notify_outbox][:1] == ["report_received"]
    # Starting again starts afresh: nothing of the last report is kept.
    anonymous.get(reverse("report-start"))
    assert anonymous.get(reverse("report-check"))["Location"] == reverse("report-category")


def test_a_resident_can_say_which_ward_instead_of_the_street(anonymous, reporting, clock):
    anonymous.get(reverse("report-start"))
    go(anonymous, "report-category", {"category": reporting["litter"].code})
    ward_page = page(anonymous.get(reverse("report-location-ward")))
    assert "Which ward is the problem in?" in ward_page
    assert "Cathedral" in ward_page
    cathedral = Area.objects.get(kind=AreaKind.WARD, code=CATHEDRAL)
    missing = go(anonymous, "report-location-ward", {"ward": cathedral.id, "location_text": ""})
    assert "Enter where in the ward the problem is" in page(missing)
    response = go(
        anonymous, "report-location-ward", {"ward": cathedral.id, "location_text": "by the cathedral"}
    )
    assert response["Location"] == reverse("report-description")
    go(anonymous, "report-description", {"description": "Overflowing bin", "website": ""})
    go(anonymous, "report-photos", {"action": "continue"})
    go(anonymous, "report-contact", {"how": "anonymous"})
    assert "Cathedral ward" in page(anonymous.get(reverse("report-check")))
    send(anonymous, clock)
    report = Report.objects.get()
    assert report.ward == cathedral
    assert report.longitude is None
    assert report.location_text == "by the cathedral"


def test_a_pin_on_the_map_places_the_report_in_the_ward_it_falls_in(anonymous, reporting, clock):
    anonymous.get(reverse("report-start"))
    go(anonymous, "report-category", {"category": reporting["litter"].code})
    response = pin(anonymous, GUILDHALL)
    assert response["Location"] == reverse("report-description")
    go(anonymous, "report-description", {"description": "Litter outside the Guildhall", "website": ""})
    go(anonymous, "report-photos", {"action": "continue"})
    go(anonymous, "report-contact", {"how": "anonymous"})
    assert "Point on the map, Cathedral ward" in page(anonymous.get(reverse("report-check")))
    send(anonymous, clock)
    report = Report.objects.get()
    assert report.ward.code == CATHEDRAL
    assert (report.longitude, report.latitude) == GUILDHALL


def test_a_place_outside_the_partnerships_area_is_refused_with_a_clear_error(anonymous, reporting):
    anonymous.get(reverse("report-start"))
    go(anonymous, "report-category", {"category": reporting["litter"].code})
    response = pin(anonymous, BIRMINGHAM)
    assert response.status_code == 200
    text = page(response)
    assert "There is a problem" in text
    assert "outside the area South Partnership covers" in text
    assert "<title>Where is the problem? - Error" in text
    assert anonymous.get(reverse("report-description"))["Location"] == reverse("report-location")


def test_a_location_without_a_pin_or_with_nonsense_is_refused(anonymous, reporting):
    anonymous.get(reverse("report-start"))
    go(anonymous, "report-category", {"category": reporting["litter"].code})
    for data in ({}, {"longitude": "west", "latitude": "52.19"}, {"longitude": "-2.2", "latitude": "95"}):
        text = page(go(anonymous, "report-location", data))
        assert "Select a point on the map, or search for a street" in text
    assert "Enter a street name" in page(anonymous.get(reverse("report-location-street"), {"q": ""}))
    nothing = page(anonymous.get(reverse("report-location-street"), {"q": "zzzz"}))
    assert "No streets in the area match" in nothing


def test_the_description_page_asks_the_categorys_questions_and_insists_on_required_ones(anonymous, reporting):
    anonymous.get(reverse("report-start"))
    go(anonymous, "report-category", {"category": reporting["taxi"].code})
    on_street(anonymous)
    text = page(anonymous.get(reverse("report-description")))
    assert "Taxi plate number" in text
    assert "Colour (optional)" in text

    response = go(anonymous, "report-description", {"description": "Driver shouting at people", "colour": ""})
    text = page(response)
    assert "There is a problem" in text
    assert "Enter the taxi plate number" in text
    assert 'href="#id_answer_plate"' in text
    assert "Driver shouting at people" in text  # what was typed is kept

    bad_choice = go(
        anonymous,
        "report-description",
        {"description": "Driver shouting", "answer_plate": "WCC 123", "answer_colour": "Purple"},
    )
    assert "Choose one of the options for colour" in page(bad_choice)
    empty = go(anonymous, "report-description", {"description": "  ", "answer_plate": "WCC 123"})
    assert "Describe the problem" in page(empty)

    response = go(
        anonymous,
        "report-description",
        {"description": "Driver shouting", "answer_plate": "WCC 123", "answer_colour": "White"},
    )
    assert response["Location"] == reverse("report-photos")
    assert go(anonymous, "report-photos", {"action": "continue"})["Location"] == reverse("report-contact")


# --- photos --------------------------------------------------------------------------------------------


def test_a_photo_is_checked_on_upload_and_attached_to_the_report_without_its_location(
    anonymous, reporting, clock
):
    answer_up_to_contact(anonymous, reporting["litter"])
    upload = SimpleUploadedFile("IMG_0001.jpg", jpeg(with_gps=True), content_type="image/jpeg")
    response = anonymous.post(reverse("report-photos"), {"action": "upload", "photo": upload})
    assert response["Location"] == reverse("report-photos")
    text = page(anonymous.get(reverse("report-photos")))
    assert "Photo 1 you added" in text
    preview = anonymous.get(text.split('src="')[1].split('"')[0])
    assert preview.status_code == 200 and preview["Content-Type"] == "image/jpeg"

    go(anonymous, "report-photos", {"action": "continue"})
    go(anonymous, "report-contact", {"how": "anonymous"})
    assert "1 photo" in page(anonymous.get(reverse("report-check")))
    send(anonymous, clock)

    photo = Photo.objects.get()
    assert photo.report == Report.objects.get()
    with Image.open(photo.image.path) as saved:
        assert saved.format == "JPEG"
        assert ExifTags.IFD.GPSInfo not in saved.getexif()
    assert photo.report.events.filter(kind=EventKind.NOTE, text__contains="1 photo").exists()


def test_a_text_file_named_jpg_is_refused_with_a_message(anonymous, reporting):
    answer_up_to_contact(anonymous, reporting["litter"])
    fake = SimpleUploadedFile("photo.jpg", b"this is not a picture", content_type="image/jpeg")
    response = anonymous.post(reverse("report-photos"), {"action": "upload", "photo": fake})
    text = page(response)
    assert response.status_code == 200
    assert "There is a problem" in text
    assert "The selected file must be a JPG, PNG or WEBP" in text
    assert 'href="#id_photo"' in text
    assert "Photo 1 you added" not in text


def test_uploading_with_no_file_chosen_asks_for_one(anonymous, reporting):
    answer_up_to_contact(anonymous, reporting["litter"])
    assert "Select a photo to upload" in page(go(anonymous, "report-photos", {"action": "upload"}))


def test_no_more_than_three_photos_can_be_added_and_one_can_be_removed(anonymous, reporting):
    answer_up_to_contact(anonymous, reporting["litter"])
    for number in range(3):
        upload = SimpleUploadedFile(f"{number}.jpg", jpeg(), content_type="image/jpeg")
        anonymous.post(reverse("report-photos"), {"action": "upload", "photo": upload})
    fourth = SimpleUploadedFile("4.jpg", jpeg(), content_type="image/jpeg")
    text = page(anonymous.post(reverse("report-photos"), {"action": "upload", "photo": fourth}))
    assert "You can add up to 3 photos" in text
    assert text.count("you added") == 3

    photo_id = anonymous.session["report_draft"]["photos"][0]["id"]
    anonymous.post(reverse("report-photos"), {"action": f"remove:{photo_id}"})
    assert page(anonymous.get(reverse("report-photos"))).count("you added") == 2
    assert anonymous.get(reverse("report-photo-preview", args=[photo_id])).status_code == 404


def test_someone_elses_draft_photo_cannot_be_seen(anonymous, client_for, officer_b, reporting):
    answer_up_to_contact(anonymous, reporting["litter"])
    upload = SimpleUploadedFile("1.jpg", jpeg(), content_type="image/jpeg")
    anonymous.post(reverse("report-photos"), {"action": "upload", "photo": upload})
    photo_id = anonymous.session["report_draft"]["photos"][0]["id"]
    assert client_for(officer_b).get(reverse("report-photo-preview", args=[photo_id])).status_code == 404


# --- contact details -----------------------------------------------------------------------------------


def test_contact_details_are_checked(anonymous, reporting):
    answer_up_to_contact(anonymous, reporting["litter"])
    assert "Choose whether to give your contact details" in page(go(anonymous, "report-contact", {}))
    bad_email = page(go(anonymous, "report-contact", {"how": "contact", "email": "rita@", "phone": ""}))
    assert "Enter an email address in the correct format, like name@example.com" in bad_email
    assert 'value="rita@"' in bad_email
    nothing = page(go(anonymous, "report-contact", {"how": "contact", "email": "", "phone": ""}))
    assert "Enter an email address or a phone number, or report anonymously" in nothing
    bad_phone = page(go(anonymous, "report-contact", {"how": "contact", "phone": "call me maybe"}))
    assert "Enter a phone number, like 01632 960 001" in bad_phone
    response = go(anonymous, "report-contact", {"how": "contact", "phone": "01632 960 001"})
    assert response["Location"] == reverse("report-check")


def test_reporting_anonymously_keeps_no_contact_details_even_if_some_were_typed(anonymous, reporting, clock):
    answer_up_to_contact(anonymous, reporting["litter"])
    response = go(anonymous, "report-contact", {"how": "anonymous", "name": "Rita", "email": "not-an-email"})
    assert response["Location"] == reverse("report-check")
    assert "None: reporting anonymously" in page(anonymous.get(reverse("report-check")))
    send(anonymous, clock)
    report = Report.objects.get()
    assert (report.reporter_name, report.reporter_email, report.reporter_phone) == ("", "", "")
    assert not Subscriber.objects.exists()


# --- the order of the questions ------------------------------------------------------------------------


def test_a_page_reached_out_of_order_sends_you_to_the_first_unanswered_question(anonymous, reporting):
    fresh = anonymous.get(reverse("report-check"))
    assert fresh["Location"] == reverse("report-category")
    anonymous.get(reverse("report-start"))
    go(anonymous, "report-category", {"category": reporting["litter"].code})
    for name in ("report-description", "report-photos", "report-contact", "report-check", "report-nearby"):
        assert anonymous.get(reverse(name))["Location"] == reverse("report-location"), name
    # Posting straight to the last page does not send anything either.
    assert go(anonymous, "report-check", {"website": ""})["Location"] == reverse("report-location")
    assert Report.objects.count() == 0


def test_a_change_from_check_your_answers_comes_back_to_it(anonymous, reporting):
    answer_up_to_contact(anonymous, reporting["litter"])
    go(anonymous, "report-contact", {"how": "anonymous"})
    check = page(anonymous.get(reverse("report-check")))
    assert f'href="{reverse("report-description")}"' in check
    response = go(anonymous, "report-description", {"description": "Changed my mind: it is a mattress"})
    assert response["Location"] == reverse("report-check")
    assert "Changed my mind: it is a mattress" in page(anonymous.get(reverse("report-check")))


def test_changing_the_category_asks_the_new_categorys_questions_again(anonymous, reporting):
    answer_up_to_contact(anonymous, reporting["litter"])
    go(anonymous, "report-contact", {"how": "anonymous"})
    response = go(anonymous, "report-category", {"category": reporting["taxi"].code})
    assert response["Location"] == reverse("report-description")
    text = page(anonymous.get(reverse("report-description")))
    assert "Taxi plate number" in text
    assert "Crisps packets and cans" in text  # the description is kept to edit


def test_staff_only_categories_are_not_offered_to_the_public(anonymous, reporting, south, groups):
    patrol = Category.objects.create(
        partnership=south, group=groups["asb"], code="patrol", name="Patrol observation", staff_only=True
    )
    anonymous.get(reverse("report-start"))
    assert "Patrol observation" not in page(anonymous.get(reverse("report-category")))
    refused = go(anonymous, "report-category", {"category": patrol.code})
    assert "Choose what you are reporting from the list" in page(refused)


def test_the_partnership_is_asked_only_when_more_than_one_takes_reports(anonymous, reporting, north):
    group = CategoryGroup.objects.create(partnership=north, name="Littering")
    north_litter = Category.objects.create(partnership=north, group=group, code="litter", name="North litter")
    assert anonymous.get(reverse("report-start"))["Location"] == reverse("report-partnership")
    text = page(anonymous.get(reverse("report-partnership")))
    assert "South Partnership" in text and "North Partnership" in text
    assert "Choose the area the problem is in" in page(go(anonymous, "report-partnership", {}))
    go(anonymous, "report-partnership", {"partnership": north.id})
    categories = page(anonymous.get(reverse("report-category")))
    assert "North litter" in categories
    assert "General litter" not in categories
    refused = go(anonymous, "report-category", {"category": reporting["litter"].code})
    assert "Choose what you are reporting from the list" in page(refused)
    assert go(anonymous, "report-category", {"category": north_litter.code}).status_code == 302


# --- already reported ----------------------------------------------------------------------------------


@pytest.fixture
def already(reporting, south):
    return report_submit(
        partnership=south,
        category=reporting["litter"],
        description="Litter everywhere",
        longitude=NEAR_GUILDHALL[0],
        latitude=NEAR_GUILDHALL[1],
    )


def test_an_open_report_of_the_same_problem_nearby_is_offered_and_choosing_it_adds_you(
    anonymous, reporting, already
):
    anonymous.get(reverse("report-start"))
    go(anonymous, "report-category", {"category": reporting["litter"].code})
    response = pin(anonymous, GUILDHALL)
    assert response["Location"] == reverse("report-nearby")
    text = page(anonymous.get(reverse("report-nearby")))
    assert "Has this already been reported?" in text
    assert already.reference in text
    assert "Litter everywhere" not in text  # somebody else's words are not shown
    assert "Choose a report, or say it is something else" in page(go(anonymous, "report-nearby", {}))

    response = go(anonymous, "report-nearby", {"choice": already.reference, "email": "Sam@Example.com"})
    assert response["Location"] == reverse("report-done")
    done = page(anonymous.get(reverse("report-done")))
    assert "We have added you to the report" in done
    assert already.reference in done
    assert Report.objects.count() == 1
    assert Subscriber.objects.filter(report=already, email="sam@example.com").exists()
    assert already.events.filter(kind=EventKind.REPORTER_ADDED).count() == 1


def test_saying_it_is_something_else_goes_on_to_a_new_report(anonymous, reporting, already, clock):
    anonymous.get(reverse("report-start"))
    go(anonymous, "report-category", {"category": reporting["litter"].code})
    pin(anonymous, GUILDHALL)
    response = go(anonymous, "report-nearby", {"choice": "none", "email": ""})
    assert response["Location"] == reverse("report-description")
    go(anonymous, "report-description", {"description": "A different pile", "website": ""})
    go(anonymous, "report-photos", {"action": "continue"})
    go(anonymous, "report-contact", {"how": "anonymous"})
    send(anonymous, clock)
    assert Report.objects.count() == 2


def test_reports_of_another_kind_or_further_away_are_not_offered(anonymous, reporting, already):
    anonymous.get(reverse("report-start"))
    go(anonymous, "report-category", {"category": reporting["begging"].code})
    response = pin(anonymous, GUILDHALL)
    assert response["Location"] == reverse("report-description")


# --- spam and abuse ------------------------------------------------------------------------------------


def test_a_filled_in_spam_trap_shows_a_confirmation_but_saves_nothing(
    anonymous, reporting, clock, notify_outbox, django_capture_on_commit_callbacks
):
    answer_up_to_contact(anonymous, reporting["litter"])
    go(anonymous, "report-contact", {"how": "contact", "email": "bot@example.com"})
    with django_capture_on_commit_callbacks(execute=True):
        response = send(anonymous, clock, website="https://cheap-pills.example")
    assert response["Location"] == reverse("report-done")
    done = page(anonymous.get(reverse("report-done")))
    assert "Report sent" in done
    assert "WOR-2026-" in done
    assert Report.objects.count() == 0
    assert not notify_outbox


def test_a_spam_trap_filled_in_on_the_description_page_also_saves_nothing(anonymous, reporting, clock):
    anonymous.get(reverse("report-start"))
    go(anonymous, "report-category", {"category": reporting["litter"].code})
    on_street(anonymous)
    go(anonymous, "report-description", {"description": "Buy now", "website": "spam"})
    go(anonymous, "report-photos", {"action": "continue"})
    go(anonymous, "report-contact", {"how": "anonymous"})
    assert send(anonymous, clock)["Location"] == reverse("report-done")
    assert Report.objects.count() == 0


def test_a_report_sent_within_seconds_of_starting_is_refused(anonymous, reporting):
    answer_up_to_contact(anonymous, reporting["litter"])
    go(anonymous, "report-contact", {"how": "anonymous"})
    response = go(anonymous, "report-check", {"website": ""})  # no time has passed
    assert response.status_code == 200
    assert "Your report was not sent" in page(response)
    assert Report.objects.count() == 0


def test_sending_reports_is_rate_limited_per_client(anonymous, reporting, clock, settings):
    settings.REPORT_RATE = "2/h"
    statuses = []
    for _ in range(3):
        answer_up_to_contact(anonymous, reporting["litter"])
        go(anonymous, "report-contact", {"how": "anonymous"})
        statuses.append(send(anonymous, clock).status_code)
    assert statuses == [302, 302, 429]
    assert Report.objects.count() == 2
    assert "Too many attempts" in page(send(anonymous, clock))


# --- special kinds of report ---------------------------------------------------------------------------


def test_a_hate_incident_offers_victim_support_and_no_public_tracking(anonymous, reporting, clock):
    anonymous.get(reverse("report-start"))
    go(anonymous, "report-category", {"category": reporting["hate"].code})
    response = pin(anonymous, GUILDHALL)
    assert response["Location"] == reverse("report-description")  # never "already reported"
    go(anonymous, "report-description", {"description": "Shouted abuse at me in the street", "website": ""})
    go(anonymous, "report-photos", {"action": "continue"})
    go(anonymous, "report-contact", {"how": "anonymous"})
    send(anonymous, clock)
    report = Report.objects.get()
    done = page(anonymous.get(reverse("report-done")))
    assert report.reference in done
    assert "08 08 16 89 111" in done
    assert "101" in done and "999" in done
    assert reverse("report-track", args=[report.reference]) not in done
    assert anonymous.get(reverse("report-track", args=[report.reference])).status_code == 404


def test_a_submission_the_service_refuses_is_shown_on_the_page_for_its_field(
    anonymous, reporting, south, worcester, clock
):
    answer_up_to_contact(anonymous, reporting["litter"])
    go(anonymous, "report-contact", {"how": "anonymous"})
    south.areas.clear()  # the partnership stops covering Worcester before the report is sent
    response = send(anonymous, clock)
    assert response["Location"] == reverse("report-location")
    text = page(anonymous.get(reverse("report-location")))
    assert "There is a problem" in text
    assert "outside the area South Partnership covers" in text
    assert Report.objects.count() == 0
    # Everything else is kept: put the area back, and it goes straight through.
    south.areas.add(worcester)
    on_street(anonymous)
    assert send(anonymous, clock)["Location"] == reverse("report-done")
    assert Report.objects.get().description == "Crisps packets and cans all over the pavement"


def test_the_done_page_without_a_report_sends_you_to_the_start(anonymous, db):
    assert anonymous.get(reverse("report-done"))["Location"] == reverse("report-start")


def test_with_no_partnership_taking_reports_the_start_page_says_so(anonymous, db):
    assert "Reporting is not available" in page(anonymous.get(reverse("report-start")))
