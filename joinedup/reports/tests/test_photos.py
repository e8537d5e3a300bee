"""Checking, cleaning and saving report photos: real images made in memory with Pillow."""

from __future__ import annotations

import re
import struct
import zlib
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms

from joinedup.core.errors import ApplicationError
from joinedup.reports.models import Category, CategoryGroup, Photo, Report
from joinedup.reports.photo_services import photo_save
from joinedup.reports.photos import MAX_SIDE, photo_prepare

RED, BLUE = (255, 0, 0), (0, 0, 255)
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description photoshop:City="Worcester"/></x:xmpmeta>'


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def report(south):
    group = CategoryGroup.objects.create(partnership=south, name="Littering")
    category = Category.objects.create(partnership=south, group=group, code="litter", name="Litter")
    return Report.objects.create(
        partnership=south, reference="SOUTH-0001", category=category, description="Litter by the bins"
    )


def image_bytes(image: Image.Image, fmt: str = "JPEG", **options) -> bytes:
    out = BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def upload(data: bytes, name: str = "IMG_0042 at 14 Acacia Avenue.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Phonemaker"
    exif[ExifTags.Base.Model] = "Phone 15"
    exif[ExifTags.Base.DateTime] = "2025:06:01 22:14:03"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 11.0, 30.12)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (2.0, 13.0, 14.4)
    return exif


def two_halves(width: int, height: int) -> Image.Image:
    """Red on the left half, blue on the right."""
    image = Image.new("RGB", (width, height), BLUE)
    image.paste(RED, (0, 0, width // 2, height))
    return image


def close_to(pixel, colour, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=False))


def refusal(data: bytes, **upload_options) -> str:
    with pytest.raises(ApplicationError) as error:
        photo_prepare(upload=upload(data, **upload_options))
    assert error.value.field == "photo"
    return error.value.message


def png_declaring(width: int, height: int) -> bytes:
    """A valid 1-pixel PNG whose header claims another size, as a decompression bomb does."""
    data = bytearray(image_bytes(Image.new("L", (1, 1)), "PNG"))
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return bytes(data)


@pytest.mark.django_db
def test_a_saved_photo_has_no_exif_gps_xmp_icc_or_comment_left(report):
    original = image_bytes(
        Image.new("RGB", (640, 480), (90, 120, 60)),
        exif=gps_exif(),
        xmp=XMP,
        comment=b"taken outside number 14",
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
    )
    # The test image really does carry a location before it is cleaned.
    assert Image.open(BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    photo = photo_save(report=report, prepared=photo_prepare(upload=upload(original)))

    photo.refresh_from_db()
    with photo.image.open("rb") as stored:
        saved = stored.read()
    cleaned = Image.open(BytesIO(saved))
    assert cleaned.format == "JPEG"
    assert not cleaned.getexif()
    assert not cleaned.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert not {"exif", "xmp", "icc_profile", "comment"} & set(cleaned.info)
    for marker in (b"Exif", b"Phonemaker", b"adobe:ns:meta", b"ICC_PROFILE", b"number 14"):
        assert marker not in saved
    assert (photo.width, photo.height) == (640, 480) == cleaned.size


@pytest.mark.django_db
def test_a_saved_photo_gets_a_random_name_never_the_uploaders(report):
    prepared = photo_prepare(upload=upload(image_bytes(Image.new("RGB", (20, 20)))))

    photo = photo_save(report=report, prepared=prepared)

    assert re.fullmatch(r"report-photos/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", photo.image.name)
    assert "Acacia" not in photo.image.name
    assert Photo.objects.get().report == report


def test_a_photo_taken_sideways_comes_out_upright():
    exif = Image.Exif()
    # 6: the camera was turned a quarter clockwise, so the picture must turn the same way to show.
    exif[ExifTags.Base.Orientation] = 6
    original = image_bytes(two_halves(300, 200), exif=exif)

    prepared = photo_prepare(upload=upload(original))

    upright = Image.open(BytesIO(prepared.content))
    assert upright.size == (200, 300) == (prepared.width, prepared.height)
    assert close_to(upright.getpixel((100, 20)), RED)
    assert close_to(upright.getpixel((100, 280)), BLUE)
    assert not upright.getexif()


def test_a_big_photo_is_shrunk_to_2048_pixels_on_its_longest_side():
    prepared = photo_prepare(upload=upload(image_bytes(two_halves(4096, 2048), quality=50)))

    assert (prepared.width, prepared.height) == (MAX_SIDE, MAX_SIDE // 2) == (2048, 1024)


def test_a_png_with_transparency_becomes_a_jpeg_on_white():
    image = Image.new("RGBA", (40, 40), (0, 0, 0, 0))
    image.paste((255, 0, 0, 255), (0, 0, 20, 40))

    prepared = photo_prepare(upload=upload(image_bytes(image, "PNG"), name="x.png", content_type="image/png"))

    cleaned = Image.open(BytesIO(prepared.content))
    assert cleaned.format == "JPEG"
    assert close_to(cleaned.getpixel((5, 20)), RED)
    assert close_to(cleaned.getpixel((35, 20)), (255, 255, 255))


def test_a_webp_and_a_16_bit_greyscale_png_are_accepted_with_their_tones():
    webp = photo_prepare(upload=upload(image_bytes(two_halves(60, 40), "WEBP", lossless=True)))
    grey = photo_prepare(upload=upload(image_bytes(Image.new("I;16", (30, 30), 128 * 256), "PNG")))

    assert close_to(Image.open(BytesIO(webp.content)).getpixel((5, 20)), RED)
    assert close_to(Image.open(BytesIO(grey.content)).getpixel((5, 5)), (128, 128, 128), tolerance=3)


def test_a_multi_picture_jpeg_from_a_phone_camera_is_accepted():
    mpo = image_bytes(
        Image.new("RGB", (50, 50), RED), "MPO", save_all=True, append_images=[Image.new("RGB", (50, 50))]
    )
    assert Image.open(BytesIO(mpo)).format == "MPO"

    prepared = photo_prepare(upload=upload(mpo))

    assert close_to(Image.open(BytesIO(prepared.content)).getpixel((25, 25)), RED)


def test_a_text_file_named_jpg_is_refused():
    assert (
        refusal(b"Dear council, the bins on Foregate Street...")
        == "The selected file must be a JPG, PNG or WEBP"
    )


def test_an_image_in_a_format_we_do_not_take_is_refused_whatever_its_name():
    gif = image_bytes(Image.new("RGB", (10, 10)), "GIF")

    assert (
        refusal(gif, name="photo.png", content_type="image/png")
        == "The selected file must be a JPG, PNG or WEBP"
    )


@pytest.mark.parametrize("lenient", [False, True], ids=["pillow-default", "after-weasyprint-import"])
def test_a_truncated_jpeg_is_refused_as_unreadable(lenient, monkeypatch):
    from PIL import ImageFile

    # WeasyPrint turns truncated-image loading on for the whole process; uploads must still be strict.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", lenient)
    whole = image_bytes(Image.effect_noise((400, 400), 60).convert("RGB"))

    assert "could not be read" in refusal(whole[: len(whole) // 2])
    assert ImageFile.LOAD_TRUNCATED_IMAGES is lenient  # left as it was


def test_an_empty_file_is_refused():
    assert refusal(b"") == "The selected file is empty"


def test_a_file_over_10_mb_is_refused_by_default():
    assert refusal(b"\xff" * (10 * 1024 * 1024 + 1)) == "The photo must be smaller than 10 MB"


def test_the_size_limit_comes_from_the_settings(settings):
    photo = image_bytes(Image.effect_noise((200, 200), 80).convert("RGB"), quality=95)
    settings.REPORT_PHOTO_MAX_BYTES = len(photo) - 1

    with pytest.raises(ApplicationError, match="must be smaller than") as error:
        photo_prepare(upload=upload(photo))
    assert error.value.extra == {"max_bytes": len(photo) - 1}

    settings.REPORT_PHOTO_MAX_BYTES = len(photo)
    assert photo_prepare(upload=upload(photo)).width == 200


def test_a_decompression_bomb_png_claiming_900_megapixels_is_refused():
    bomb = png_declaring(30_000, 30_000)
    assert len(bomb) < 100

    assert refusal(bomb, name="bomb.png") == "The photo is too big to process. Choose a smaller photo"


def test_an_image_just_over_pillows_pixel_limit_is_refused_not_only_warned_about(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100 * 100 - 1)

    with pytest.warns(Image.DecompressionBombWarning):
        message = refusal(image_bytes(Image.new("RGB", (100, 100))))
    assert message == "The photo is too big to process. Choose a smaller photo"


def test_a_photo_with_a_broken_colour_profile_is_still_accepted():
    original = image_bytes(two_halves(60, 40), icc_profile=b"not really a colour profile")

    prepared = photo_prepare(upload=upload(original))

    assert close_to(Image.open(BytesIO(prepared.content)).getpixel((5, 20)), RED)
    assert b"not really" not in prepared.content
