"""What an upload must be before it is kept: a type from the allowed list, read from its
content (never from its name), within the size limit, under a safe name; an image is
re-encoded, which drops its metadata (an EXIF location among it)."""

import io
import secrets

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext as _

# What may be uploaded, by the type its content shows: (MIME type, extension).
ALLOWED = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
}
IMAGES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
# The longest side of a re-encoded image: enough for a page, not a poster.
IMAGE_MAX_SIDE = 2400
# filetype reads the first bytes; OOXML and ODF are told apart by the entries of their zip.
HEAD_BYTES = 8192


def _looks_like_markup(head):
    start = head.lstrip()[:200].lower()
    return start.startswith((b"<", b"\xef\xbb\xbf<")) or b"<svg" in start or b"<html" in start


def checked_upload(upload, *, kind=None):
    """The upload as it will be kept (re-encoded if an image, under a safe name) and its
    MIME type; a ValidationError saying what is wrong otherwise. Nothing is stored here."""
    limit = settings.DOCUMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the most a document may be is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if not head:
        raise ValidationError(_("The file is empty."), code="empty")
    if _looks_like_markup(head):
        raise ValidationError(
            _("SVG, HTML and other markup files are not accepted: they can carry scripts."), code="markup"
        )
    found = filetype.guess(upload)
    upload.seek(0)
    mime = found.mime if found else None
    if mime not in ALLOWED:
        raise ValidationError(
            _("This file's content is not one of the accepted types: PDF, DOCX, XLSX, PPTX, ODT, JPEG, PNG or WebP."),
            code="type",
        )
    if kind == "photo" and mime not in IMAGES:
        raise ValidationError(_("A photo must be a JPEG, PNG or WebP image."), code="photo")
    content = reencoded(upload, mime) if mime in IMAGES else upload.read()
    upload.seek(0)
    return SimpleUploadedFile(safe_name(upload.name, ALLOWED[mime]), content, content_type=mime), mime


def reencoded(upload, mime):
    """The image drawn again from its pixels: no EXIF, XMP or comment survives, and a file
    that only claims to be an image fails here."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(upload) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            image.thumbnail((IMAGE_MAX_SIDE, IMAGE_MAX_SIDE))
            if IMAGES[mime] == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = io.BytesIO()
            image.save(out, format=IMAGES[mime], **({"quality": 88} if IMAGES[mime] != "PNG" else {}))
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("The image cannot be read."), code="image") from None
    return out.getvalue()


def safe_name(original, extension):
    """ASCII letters, digits and hyphens from the uploaded name (a Cyrillic name leaves
    none, as slugify() gives ""), a random part so that no name is guessed or reused, and
    the extension of the type found, never the one given."""
    stem = slugify(original.rsplit(".", 1)[0])[:60].strip("-") or "document"
    return f"{stem}-{secrets.token_hex(4)}.{extension}"


def file_response(document):
    """The document's file, named for its reader, never run by a browser as another type:
    a photo shown in the page, anything else offered as a download."""
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = f"{document.title[:80]}.{document.extension}"
    response = FileResponse(handle, as_attachment=not document.is_image, filename=name, content_type=document.file_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
