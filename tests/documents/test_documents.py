"""Issue 11 §2: documents of partnerships and milestones. Uploads are real files, refused
by their content; internal files are served only to staff who may see them, through HTTP;
a document's file goes with its record."""

import datetime
import io
import re
import zipfile
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image

from documents.files import checked_upload
from documents.models import Document
from partnerships.exports import Export
from publishing.models import Publication
from tests.conftest import point_document_storage
from tests.factories import make_milestone
from tests.html import form_data, page

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def kept(tmp_path, document_files):
    """The documents' storage in a folder of the test's own: what it holds is what was kept."""
    point_document_storage(tmp_path)
    yield tmp_path
    point_document_storage(document_files)


def _files(folder):
    return sorted(path.name for path in folder.rglob("*") if path.is_file())


def _zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _image(fmt, *, gps=False):
    image = Image.new("RGB", (40, 30), (30, 90, 160))
    exif = Image.Exif()
    if gps:
        exif[0x8825] = {1: "N", 2: (42.0, 41.0, 51.0), 3: "E", 4: (23.0, 19.0, 24.0)}  # GPSInfo: Sofia
        exif[0x010F] = "Camera maker"
    out = io.BytesIO()
    image.save(out, format=fmt, exif=exif.tobytes()) if fmt != "PNG" else image.save(out, format=fmt)
    return out.getvalue()


def _xlsx(site):
    return b"".join(Export("milestones", language="en", fmt="xlsx").stream())


ALLOWED = {
    "pdf": (lambda site: PDF, "application/pdf"),
    "xlsx": (_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "docx": (
        lambda site: _zip(
            {"[Content_Types].xml": "<Types/>", "_rels/.rels": "<Relationships/>", "word/document.xml": "<w:document/>"}
        ),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "odt": (
        lambda site: _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office/>"}),
        "application/vnd.oasis.opendocument.text",
    ),
    "jpg": (lambda site: _image("JPEG"), "image/jpeg"),
    "png": (lambda site: _image("PNG"), "image/png"),
    "webp": (lambda site: _image("WEBP"), "image/webp"),
}


@pytest.mark.parametrize("extension", list(ALLOWED))
def test_an_allowed_file_is_known_by_its_content_and_kept_under_a_safe_name(site, extension):
    make, mime = ALLOWED[extension]
    upload = SimpleUploadedFile("Споразумение за сътрудничество.exe", make(site))

    checked, found = checked_upload(upload)

    assert found == mime
    assert checked.name.startswith("document-") and checked.name.endswith(f".{extension}")
    assert checked.name.isascii()


def _staff(role="Publisher", name="petya"):
    user = User.objects.create_user(name, password="x", is_staff=True)
    if role:
        user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return user, client


def _upload(client, site, content, name, *, kind="report", language="en"):
    client.cookies["django_language"] = language
    add = reverse("admin:documents_document_add")
    data = {key: values[0] for key, values in form_data(client.get(add), "document_form").items() if values}
    data |= {
        "partnership": site["published"].pk,
        "kind": kind,
        "title_bg": "Протокол",
        "title_en": "Minutes",
        "language": "bg",
        "date": "10/08/2021" if language == "en" else "10.08.2021",
        "file": SimpleUploadedFile(name, content),
    }
    return client.post(add, data)


REFUSED = [
    (
        "an SVG with a script",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "map.png",
        "SVG, HTML and other markup files are not accepted: they can carry scripts.",
    ),
    (
        "an HTML page",
        b"<!DOCTYPE html><html><body>hi</body></html>",
        "minutes.pdf",
        "SVG, HTML and other markup files are not accepted: they can carry scripts.",
    ),
    (
        "a program",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64,
        "report.pdf",
        "This file's content is not one of the accepted types: PDF, DOCX, XLSX, PPTX, ODT, JPEG, PNG or WebP.",
    ),
    (
        "a plain zip",
        _zip({"a.txt": "x"}),
        "report.docx",
        "This file's content is not one of the accepted types: PDF, DOCX, XLSX, PPTX, ODT, JPEG, PNG or WebP.",
    ),
    ("a broken JPEG", b"\xff\xd8\xff\xe0" + b"\x00" * 200, "photo.jpg", "The image cannot be read."),
]


@pytest.mark.parametrize(("what", "content", "name", "message"), REFUSED, ids=[case[0] for case in REFUSED])
def test_a_refused_upload_is_a_form_error_and_keeps_no_file(site, kept, what, content, name, message):
    _user, client = _staff()

    response = _upload(client, site, content, name)

    assert response.status_code == 200
    assert message in page(response)
    assert (Document.objects.count(), _files(kept)) == (0, [])


def test_an_upload_above_the_limit_is_refused_in_the_staff_language(site, kept, settings):
    settings.DOCUMENT_MAX_BYTES = 40
    _user, client = _staff()

    response = _upload(client, site, PDF, "minutes.pdf", language="bg")

    assert f"Файлът е {len(PDF)}\xa0байта; най-голямият допустим документ е 40\xa0байта." in page(response)
    assert (Document.objects.count(), _files(kept)) == (0, [])


def test_a_photo_must_be_an_image(site, kept):
    _user, client = _staff()

    response = _upload(client, site, PDF, "photo.pdf", kind="photo")

    assert "A photo must be a JPEG, PNG or WebP image." in page(response)
    assert _files(kept) == []


def test_an_image_is_drawn_again_without_its_exif_location(site, kept):
    _user, client = _staff()
    original = _image("JPEG", gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get(0x8825)

    response = _upload(client, site, original, "IMG_0001.JPG", kind="photo")

    document = Document.objects.get()
    with document.file.open("rb") as handle, Image.open(handle) as image:
        exif = image.getexif()
    assert response.status_code == 302
    assert (document.file_type, image.size) == ("image/jpeg", (40, 30))
    assert (exif.get(0x8825), exif.get(0x010F)) == (None, None)


def _document(site, *, name="minutes.pdf", **fields):
    content = fields.pop("content", PDF)
    defaults = {
        "partnership": site["published"],
        "kind": Document.Kind.MINUTES,
        "title_bg": "Протокол от срещата",
        "title_en": "Minutes of the meeting",
        "date": datetime.date(2021, 9, 30),
        "is_public": True,
        "publication": Publication.PUBLISHED,
        "file_type": "application/pdf",
        "file_size": len(content),
    }
    document = Document(**{**defaults, **fields})
    document.file.save(name, io.BytesIO(content), save=False)
    document.save()
    return document


def _status(client, url):
    """The answer's status, its file read to the end: the test client then closes the
    response (and its file) without ending the test's database connection."""
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code


def _public_url(document, prefix=""):
    with translation.override("bg"):
        return prefix + reverse("partnerships:document-file", args=[document.pk, document.download_name])


@pytest.mark.parametrize(
    ("prefix", "facts", "disposition"),
    [
        (
            "",
            f"протокол, PDF, {len(PDF)} байта, български, 30 септември 2021 г.",
            "attachment; filename*=utf-8''" + quote("Протокол от срещата.pdf"),
        ),
        (
            "/en",
            f"minutes, PDF, {len(PDF)} bytes, Bulgarian, 30 September 2021",
            'attachment; filename="Minutes of the meeting.pdf"',
        ),
    ],
)
def test_a_public_document_is_listed_with_its_facts_and_downloads_with_its_name(
    client, site, prefix, facts, disposition
):
    document = _document(site, language="bg")

    detail = page(client.get(f"{prefix}/partnerships/sofia-seoul/"))
    response = client.get(_public_url(document, prefix))

    assert facts in " ".join(re.sub(r"<[^>]+>", "", detail).split())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"


def test_no_unpublished_or_internal_document_reaches_the_public(client, site):
    internal_milestone = make_milestone(partnership=site["published"], is_public=False)
    hidden = [
        _document(site, title_en="Internal", is_public=False),
        _document(site, title_en="Draft", publication=Publication.DRAFT),
        _document(site, title_en="In review", publication=Publication.IN_REVIEW),
        _document(site, title_en="Archived", publication=Publication.ARCHIVED),
        _document(site, title_en="Of an internal milestone", milestone=internal_milestone),
        _document(site, title_en="Of a draft partnership", partnership=site["draft"]),
    ]
    shown = _document(site, title_en="Public minutes")

    detail = page(client.get("/en/partnerships/sofia-seoul/"))

    assert "Public minutes" in detail
    assert [document.title_en for document in hidden if document.title_en in detail] == []
    assert [_status(client, _public_url(document)) for document in hidden] == [404] * len(hidden)
    assert _status(client, _public_url(shown)) == 200


def test_an_internal_file_is_served_only_to_staff_who_may_see_it(client, site):
    document = _document(site, is_public=False)
    url = reverse("admin:documents_document_file", args=[document.pk])
    _editor, editor = _staff("Editor", "eva")
    _nobody, no_permission = _staff(None, "nina")

    anonymous = client.get(url)
    refused = no_permission.get(url)
    served = editor.get(url)

    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/admin/login/")
    assert refused.status_code == 403
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == PDF
    assert served["X-Content-Type-Options"] == "nosniff"
    assert _status(client, _public_url(document)) == 404


def test_a_document_s_file_goes_with_its_record_and_its_history_keeps_the_metadata(
    site, kept, django_capture_on_commit_callbacks
):
    one, two = _document(site, title_en="One"), _document(site, title_en="Two")
    assert len(_files(kept)) == 2

    with django_capture_on_commit_callbacks(execute=True):
        one.delete()
    with django_capture_on_commit_callbacks(execute=True):
        Document.objects.filter(pk=two.pk).delete()

    assert _files(kept) == []
    assert sorted(Document.history.filter(history_type="-").values_list("title_en", flat=True)) == ["One", "Two"]
    assert all(record.file for record in Document.history.filter(history_type="-"))


def test_a_replaced_file_is_removed(site, kept, django_capture_on_commit_callbacks):
    document = _document(site, publication=Publication.DRAFT)
    old = document.file.name

    with django_capture_on_commit_callbacks(execute=True):
        document.file.save("new.pdf", io.BytesIO(PDF + b"%"), save=True)

    assert _files(kept) == [document.file.name.rsplit("/", 1)[-1]]
    assert old.rsplit("/", 1)[-1] not in _files(kept)


def test_a_milestone_s_document_must_be_of_its_partnership(site, kept):
    _user, client = _staff()
    other = make_milestone(partnership=site["draft"])
    add = reverse("admin:documents_document_add")
    data = {key: values[0] for key, values in form_data(client.get(add), "document_form").items() if values}
    data |= {
        "partnership": site["published"].pk,
        "milestone": other.pk,
        "kind": "report",
        "title_bg": "Доклад",
        "title_en": "Report",
        "language": "en",
        "date": "10/08/2021",
        "file": SimpleUploadedFile("r.pdf", PDF),
    }

    response = client.post(add, data)

    assert (
        "This milestone is not one of the partnership&#x27;s." in page(response)
        or "This milestone is not one of the partnership’s." in page(response)
        or "This milestone is not one of the partnership's." in page(response)
    )
    assert (Document.objects.count(), _files(kept)) == (0, [])


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_delete_keeps_the_file_and_a_committed_one_removes_it(site, kept):
    from django.db import transaction

    document = _document(site)
    name = document.file.name.rsplit("/", 1)[-1]

    with pytest.raises(RuntimeError), transaction.atomic():
        Document.objects.filter(pk=document.pk).delete()
        raise RuntimeError("the save fails after the delete")
    kept_after_rollback = _files(kept)
    Document.objects.filter(pk=document.pk).delete()

    assert kept_after_rollback == [name]
    assert _files(kept) == []


def _photo(site, **fields):
    return _document(
        site, kind=Document.Kind.PHOTO, file_type="image/png", content=_image("PNG"), name="photo.png", **fields
    )


@pytest.mark.parametrize("path", ["/en/", "/en/partnerships/", "/en/themes/innovation/", "/en/cities/seoul/"])
def test_a_partnership_card_shows_its_newest_public_photo_and_no_other(client, site, path):
    site["published"].thematic_areas.add(site["innovation"])
    _photo(site, title_en="Older photo", date=datetime.date(2021, 1, 1))
    newest = _photo(site, title_en="Signing in Seoul", date=datetime.date(2022, 5, 1))
    _photo(site, title_en="Internal photo", date=datetime.date(2023, 1, 1), is_public=False)
    _photo(site, title_en="Draft photo", date=datetime.date(2023, 1, 1), publication=Publication.DRAFT)
    _document(site, title_en="Newer minutes", date=datetime.date(2024, 1, 1))

    cards = re.findall(r'<article class="card">.*?</article>', page(client.get(path)), re.S)
    pictures = [re.findall(r"<img [^>]*>", card) for card in cards if "Sofia – Seoul" in card]

    assert pictures == [
        [
            f'<img class="card-photo" src="/en/documents/{newest.pk}/signing-in-seoul.png" alt="Signing in Seoul" '
            'loading="lazy">'
        ]
    ]


def test_photos_are_kept_by_the_browser_and_not_counted_as_downloads(client, site, settings):
    settings.RATELIMIT_PUBLIC_DOWNLOADS = "2/m"
    photo, minutes = _photo(site), _document(site)

    photos = [client.get(_public_url(photo)) for _ in range(4)]
    downloads = [_status(client, _public_url(minutes)) for _ in range(3)]

    assert [response.status_code for response in photos] == [200] * 4
    assert photos[0]["Cache-Control"] == "private, max-age=3600"
    assert photos[0]["Content-Disposition"].startswith("inline;")
    for response in photos:
        b"".join(response.streaming_content)
    assert downloads == [200, 200, 429]
