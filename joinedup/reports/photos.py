"""Photos attached to reports: checking an upload and turning it into a clean JPEG.

A resident's phone photo can carry where they live (GPS), when, and on what device. Nothing the
uploader sent is kept: the file is decoded by Pillow, turned upright, shrunk and re-encoded as a
new JPEG holding pixels only, under a random name. The filename and content type the browser
claims are never trusted; only what Pillow finds in the bytes counts.
"""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageCms, ImageFile, ImageOps

from joinedup.core.errors import ApplicationError

MAX_PHOTOS = 3  # per report; the caller enforces it
MAX_SIDE = 2048  # pixels on the longest side: plenty to see the problem, small to store and send
JPEG_QUALITY = 85

# Pillow's format names. A phone's multi-picture JPEG opens as "MPO"; HEIC and GIF are refused.
_FORMATS = ("JPEG", "PNG", "WEBP")
_ACCEPTED = {*_FORMATS, "MPO"}
_ALPHA_MODES = {"RGBA", "LA", "PA"}
_SRGB = ImageCms.createProfile("sRGB")

_NOT_AN_IMAGE = "The selected file must be a JPG, PNG or WEBP"
_UNREADABLE = "The selected file could not be read. It may be damaged, so try another photo"
_TOO_MANY_PIXELS = "The photo is too big to process. Choose a smaller photo"


@dataclass(frozen=True)
class PreparedPhoto:
    """A checked photo as a new JPEG: its bytes, size and a file to save under a random name."""

    content: bytes
    width: int
    height: int
    file: ContentFile

    @property
    def name(self) -> str:
        return self.file.name or ""


def photo_prepare(*, upload: UploadedFile) -> PreparedPhoto:
    """Check an uploaded photo and re-encode it as a JPEG with no metadata at all.

    Raises ApplicationError (field "photo") if the file is too big, is not really a JPG, PNG or
    WEBP, cannot be decoded, or has more pixels than Pillow's `Image.MAX_IMAGE_PIXELS`.
    """
    data = _read_limited(upload)
    image = _decode(data)
    image = _upright_srgb(image)
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    # A fresh image holds pixels and nothing else: Pillow would otherwise carry the JPEG comment
    # (and anything else left in `info`) over into the new file.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    out = BytesIO()
    clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    content = out.getvalue()
    return PreparedPhoto(
        content=content,
        width=clean.width,
        height=clean.height,
        file=ContentFile(content, name=f"{uuid.uuid4().hex}.jpg"),
    )


def _read_limited(upload: UploadedFile) -> bytes:
    max_bytes = settings.REPORT_PHOTO_MAX_BYTES
    upload.seek(0)
    # Read one byte past the limit rather than trusting the declared size.
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ApplicationError(
            f"The photo must be smaller than {max_bytes / 2**20:.3g} MB",
            field="photo",
            extra={"max_bytes": max_bytes},
        )
    if not data:
        raise ApplicationError("The selected file is empty", field="photo")
    return data


def _decode(data: bytes) -> Image.Image:
    """The decoded image, or ApplicationError. Decoding happens only after the pixel count is checked."""
    try:
        with Image.open(BytesIO(data), formats=_FORMATS) as probe:
            _check_pixels(probe)
            probe.verify()
    except ApplicationError:
        raise
    except Image.DecompressionBombError:
        raise ApplicationError(_TOO_MANY_PIXELS, field="photo") from None
    # Any failure to parse untrusted bytes means "not an image we accept" (as Django's ImageField).
    except Exception:
        raise ApplicationError(_NOT_AN_IMAGE, field="photo") from None

    # verify() leaves the image unusable, so open it again to decode the pixels.
    image = Image.open(BytesIO(data), formats=_FORMATS)
    if image.format not in _ACCEPTED:
        raise ApplicationError(_NOT_AN_IMAGE, field="photo")
    # A big JPEG can be decoded at 1/2, 1/4 or 1/8 scale straight away, still at least MAX_SIDE.
    image.draft(None, (MAX_SIDE, MAX_SIDE))
    # WeasyPrint (PDF documents) sets Pillow's process-wide LOAD_TRUNCATED_IMAGES when imported, which
    # would grey-fill a damaged upload silently; a resident's photo is always decoded strictly.
    lenient = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        image.load()
    except Exception:
        raise ApplicationError(_UNREADABLE, field="photo") from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient
    return image


def _check_pixels(image: Image.Image) -> None:
    # Pillow only warns between its limit and twice its limit; refuse from the limit itself.
    limit = Image.MAX_IMAGE_PIXELS
    if limit is not None and image.width * image.height > limit:
        raise ApplicationError(_TOO_MANY_PIXELS, field="photo", extra={"max_pixels": limit})


def _upright_srgb(image: Image.Image) -> Image.Image:
    """The image turned as the camera meant it, in sRGB, as RGB on white where it was transparent."""
    image = ImageOps.exif_transpose(image)
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        # Phones shoot in wide-gamut colour spaces; without its profile the photo would look dull.
        # A broken profile is ignored: the colours are kept as they are.
        with contextlib.suppress(ImageCms.PyCMSError, OSError, ValueError):
            converted = ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(BytesIO(icc)),
                _SRGB,
                outputMode="RGBA" if image.mode == "RGBA" else "RGB",
            )
            if converted is not None:  # None only when converting in place, which this does not
                image = converted
    if image.mode.startswith("I"):
        # 16-bit greyscale PNG: Pillow clips rather than scales when converting to 8 bits.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    if image.mode in _ALPHA_MODES or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB") if image.mode != "RGB" else image
