"""The upload page, the import summary and the list of imported files, for each kind of person."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from joinedup.intelligence import services
from joinedup.intelligence.models import ImportedFile, Incident, PartnerDataset

from .conftest import STREET_HEADER, write_zip

UPLOAD = reverse("intelligence:import-upload")
JUNE = "2025-06/2025-06-west-mercia-street.csv"


def _upload(client, name: str, data: bytes, source: str = "police"):
    return client.post(UPLOAD, {"source": source, "file": SimpleUploadedFile(name.rsplit("/", 1)[-1], data)})


@pytest.mark.parametrize("who", ["analyst", "coordinator"])
def test_analysts_and_coordinators_upload_a_police_file_and_see_the_summary(
    who, request, client_for, worcester, demo_files
):
    client = client_for(request.getfixturevalue(who))
    assert client.get(UPLOAD).status_code == 200

    response = _upload(client, JUNE, demo_files[JUNE])

    assert response.status_code == 200
    page = response.content.decode()
    assert "Imported" in page and "1099" in page
    assert Incident.objects.count() == 1_099
    assert ImportedFile.objects.get().imported_by == request.getfixturevalue(who)


def test_a_monthly_archive_uploads_every_file_in_it(client_for, analyst, worcester, demo_files, tmp_path):
    archive = write_zip(
        tmp_path / "2025.zip", {k: v for k, v in demo_files.items() if k.startswith("2025-0")}
    )
    response = _upload(client_for(analyst), "2025.zip", archive.read_bytes())
    assert (
        response.status_code == 200
        and response.content.decode().count('class="govuk-summary-card__title"') == 9
    )
    assert ImportedFile.objects.count() == 9


@pytest.mark.parametrize("who", ["officer_a", "officer_b", "administrator"])
def test_other_staff_may_not_upload(who, request, client_for, worcester, demo_files):
    client = client_for(request.getfixturevalue(who))
    assert client.get(UPLOAD).status_code == 403
    assert _upload(client, JUNE, demo_files[JUNE]).status_code == 403
    assert Incident.objects.count() == 0
    assert client.get(reverse("intelligence:dataset-new")).status_code == 403


def test_the_public_is_sent_to_sign_in(anonymous):
    response = anonymous.get(UPLOAD)
    assert (response.status_code == 302 and "sign-in" in response["Location"]) or "login" in response[
        "Location"
    ]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("crimes.xlsx", b"PK\x03\x04rest", "must be a CSV or a ZIP"),
        ("2025-06.zip", b"not a zip at all", "is not a ZIP archive"),
        ("empty.csv", b"", "The chosen file is empty"),
    ],
)
def test_a_wrong_file_type_is_shown_in_the_error_summary(client_for, analyst, worcester, name, data, message):
    response = _upload(client_for(analyst), name, data)
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page and message in page
    assert not ImportedFile.objects.exists()


def test_a_missing_file_and_choice_are_both_reported(client_for, analyst, worcester):
    page = client_for(analyst).post(UPLOAD, {}).content.decode()
    assert "Choose a file to upload" in page and "Choose what is in the file" in page


def test_a_bad_file_shows_its_line_numbered_problems_and_loads_nothing(client_for, analyst, worcester):
    row = (
        ",{},West Mercia Police,West Mercia Police,-2.22,52.19,On or near X,E01032296,Worcester 001A,Theft,,"
    )
    rows = [row.format("2025-06"), row.format("June")]
    response = _upload(client_for(analyst), JUNE, "\n".join([STREET_HEADER, *rows, ""]).encode())
    page = response.content.decode()
    assert "Not imported" in page and "Line 3: " in page and "YYYY-MM" in page
    assert not Incident.objects.exists()


def test_the_file_list_and_record_show_warnings_with_line_numbers(client_for, analyst, officer_a, worcester):
    row = ",2025-06,West Mercia Police,West Mercia Police,{},On or near X,,,Burglary,,"
    data = "\n".join(
        [STREET_HEADER, row.format("-2.22,52.19"), row.format(","), row.format(","), ""]
    ).encode()
    services.police_file_import(by=None, label="test", name=JUNE, data=data)
    record = ImportedFile.objects.get()

    # Everyone on the staff may see police.uk imports: it is open data.
    listing = client_for(officer_a).get(reverse("intelligence:import-list")).content.decode()
    assert "2025-06-west-mercia-street.csv" in listing and "Upload a file" not in listing
    detail = client_for(analyst).get(reverse("intelligence:import-detail", args=[record.id])).content.decode()
    assert "Lines 3, 4: No coordinates: kept without a location." in detail
    assert record.checksum in detail


def test_partner_files_are_listed_only_in_their_partnership(
    client_for, south, coordinator, officer_b, worcester
):
    dataset = services.dataset_save(
        by=coordinator, partnership=south, name="ASB log", date_column="Date", category_column="Type"
    )
    response = _upload(
        client_for(coordinator), "asb.csv", b"Date,Type\n2025-06-01,Noise\n", source=str(dataset.id)
    )
    assert "Imported" in response.content.decode()
    record = ImportedFile.objects.get(dataset=dataset)

    assert (
        client_for(officer_b).get(reverse("intelligence:import-detail", args=[record.id])).status_code == 404
    )
    assert "asb.csv" not in client_for(officer_b).get(reverse("intelligence:import-list")).content.decode()


def test_a_partner_dataset_is_set_up_from_its_page(client_for, south, coordinator):
    client = client_for(coordinator)
    response = client.post(
        reverse("intelligence:dataset-new"),
        {
            "partnership": str(south.id),
            "name": "Housing incidents",
            "date_column": "Reported",
            "category_column": "Type",
            "longitude_column": "Lon",
        },
    )
    assert "Give both the longitude and latitude columns" in response.content.decode()
    response = client.post(
        reverse("intelligence:dataset-new"),
        {
            "partnership": str(south.id),
            "name": "Housing incidents",
            "date_column": "Reported",
            "category_column": "Type",
        },
    )
    assert response.status_code == 302
    assert PartnerDataset.objects.get().created_by == coordinator
