"""Partner data through a saved column mapping, and reports from the front door, in the store."""

from __future__ import annotations

import datetime as dt

import pytest

from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.intelligence import services
from joinedup.intelligence.importing.places import to_grid
from joinedup.intelligence.models import ImportedFile, Incident, PartnerDataset, Source
from joinedup.reports.models import Category, CategoryGroup, ClosedReason, Report
from joinedup.reports.services import report_submit

from .conftest import ward_point

ASB_LOG = (
    "Ref,Date reported,Problem,Easting,Northing,Street,Officer notes\n"
    "ASB-1,30/06/2025 23:30,Noise,{e:.0f},{n:.0f},Foregate Street,Loud music\n"
    'ASB-2,01/07/2025 09:15,Vehicle nuisance,,,"Angel Place, by the car park",Revving\n'
    "ASB-3,02/07/2025,Noise,{e:.0f},{n:.0f},Foregate Street,\n"
)


@pytest.fixture
def asb_log(south, coordinator):
    return services.dataset_save(
        by=coordinator,
        partnership=south,
        name="Council ASB log",
        date_column="Date reported",
        category_column="problem",  # case does not matter
        reference_column="Ref",
        location_column="Street",
        easting_column="Easting",
        northing_column="Northing",
    )


def _log(worcester) -> bytes:
    lon, lat = ward_point()
    e, n = to_grid(lon, lat)
    return ASB_LOG.format(e=e, n=n).encode()


def test_a_partner_file_loads_through_the_saved_mapping(worcester, asb_log, coordinator):
    result = services.partner_file_import(
        by=coordinator, dataset=asb_log, name="asb-june.csv", data=_log(worcester)
    )

    assert result.status == "imported" and result.rows == 3 and result.located == 2
    first, second, third = Incident.objects.order_by("reference")
    assert first.source == Source.PARTNER and first.partnership == asb_log.partnership
    assert first.reference == "ASB-1" and first.category.code == "noise" and first.category_raw == "Noise"
    # 23:30 on 30 June in London is 22:30 UTC; the month is the local one.
    assert first.occurred_at == dt.datetime(2025, 6, 30, 22, 30, tzinfo=dt.UTC)
    assert first.month == dt.date(2025, 6, 1)
    assert first.ward.code == "E05007883" and first.longitude == pytest.approx(ward_point()[0], abs=1e-4)
    assert first.extra == {"Officer notes": "Loud music"}
    assert second.location == "Angel Place, by the car park" and second.longitude is None
    assert third.occurred_at is None and third.month == dt.date(2025, 7, 1)  # a date without a time
    assert result.warnings[0]["lines"] == [3]


def test_the_same_partner_file_twice_is_skipped(worcester, asb_log, coordinator):
    services.partner_file_import(by=coordinator, dataset=asb_log, name="asb.csv", data=_log(worcester))
    again = services.partner_file_import(
        by=coordinator, dataset=asb_log, name="asb.csv", data=_log(worcester)
    )
    assert again.status == "skipped" and Incident.objects.count() == 3


def test_a_whole_log_dataset_replaces_its_earlier_files(worcester, asb_log, coordinator):
    asb_log.whole_log = True
    asb_log.save()
    services.partner_file_import(by=coordinator, dataset=asb_log, name="asb-june.csv", data=_log(worcester))
    bigger = _log(worcester) + b"ASB-4,03/07/2025,Noise,,,High Street,\n"
    result = services.partner_file_import(by=coordinator, dataset=asb_log, name="asb-july.csv", data=bigger)

    assert result.status == "replaced" and "3 rows" in result.message
    assert Incident.objects.count() == 4 and ImportedFile.objects.count() == 1


def test_a_bad_date_loads_nothing_and_names_the_line(worcester, asb_log, coordinator):
    data = _log(worcester).replace(b"01/07/2025 09:15", b"yesterday")
    result = services.partner_file_import(by=coordinator, dataset=asb_log, name="asb.csv", data=data)
    assert result.failed and result.problems[0].startswith("Line 3: ")
    assert Incident.objects.count() == 0


def test_a_missing_mapped_column_is_named(worcester, asb_log, coordinator):
    data = _log(worcester).replace(b"Date reported", b"Reported on")
    result = services.partner_file_import(by=coordinator, dataset=asb_log, name="asb.csv", data=data)
    assert result.failed and '"Date reported"' in result.message and '"Reported on"' in result.message


def test_only_importers_of_the_partnership_load_its_partner_data(worcester, asb_log, officer_a, officer_b):
    for outsider in (officer_a, officer_b):  # an officer of South; anyone of North
        with pytest.raises(NotPermitted):
            services.partner_file_import(by=outsider, dataset=asb_log, name="asb.csv", data=_log(worcester))


def test_a_mapping_needs_both_coordinates(south, coordinator):
    with pytest.raises(ApplicationError, match="both the longitude and latitude"):
        services.dataset_save(
            by=coordinator,
            partnership=south,
            name="Log",
            date_column="D",
            category_column="C",
            longitude_column="X",
        )
    assert not PartnerDataset.objects.exists()


# --- reports ------------------------------------------------------------------------------------------


@pytest.fixture
def report_categories(south, worcester):
    south.areas.add(worcester)  # reports are taken only inside the partnership's districts
    group = CategoryGroup.objects.create(partnership=south, name="Street problems")
    litter = Category.objects.create(partnership=south, group=group, code="litter", name="Litter")
    hate = Category.objects.create(
        partnership=south, group=group, code="hate-incident", name="Hate incident", never_public=True
    )
    return litter, hate


def _report(south, category, *, point=None) -> Report:
    lon, lat = point or ward_point()
    return report_submit(
        partnership=south, category=category, description="Seen today", longitude=lon, latitude=lat
    )


def test_reports_join_the_store_once_and_follow_changes(worcester, south, report_categories):
    litter, hate = report_categories
    report = _report(south, litter)
    _report(south, hate)

    first = services.reports_into_store()
    again = services.reports_into_store()

    assert (first.created, again.created, again.updated, again.removed) == (2, 0, 0, 0)
    incident = Incident.objects.get(report=report)
    assert incident.source == Source.REPORT and incident.reference == report.reference
    assert incident.category.code == "litter" and incident.ward.code == "E05007883"
    assert incident.month == report.created_at.date().replace(day=1) and not incident.restricted

    Report.objects.filter(id=report.id).update(
        longitude=ward_point("E05007884")[0], latitude=ward_point("E05007884")[1]
    )
    assert services.reports_into_store().updated == 1
    assert Incident.objects.get(report=report).ward.code == "E05007884"

    Report.objects.filter(id=report.id).update(closed_reason=ClosedReason.DUPLICATE)
    assert services.reports_into_store().removed == 1
    assert not Incident.objects.filter(report=report).exists()


def test_never_public_reports_are_seen_in_the_store_only_by_coordinators(
    worcester, south, report_categories, coordinator, analyst, officer_a, officer_b
):
    _, hate = report_categories
    _report(south, hate)
    services.reports_into_store()

    incident = Incident.objects.get()
    assert incident.restricted
    assert Incident.objects.visible_to(coordinator).filter(id=incident.id).exists()
    for user in (analyst, officer_a, officer_b):
        assert not Incident.objects.visible_to(user).filter(id=incident.id).exists()


def test_the_periodic_task_brings_reports_in(worcester, south, report_categories):
    from joinedup.intelligence.tasks import incidents_from_reports

    _report(south, report_categories[0])
    incidents_from_reports.call_local()
    assert Incident.objects.filter(source=Source.REPORT).count() == 1
