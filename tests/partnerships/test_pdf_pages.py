"""The PDF reports as a reader sees them: each page drawn to PNG (pypdfium2), and small
golden checks: how many pages, no word broken that the text does not break, every font
embedded, the municipality, the programme and the EU acknowledgement on every page."""

import datetime
import html
import re

import pypdf
import pypdfium2
import pytest
from django.utils import timezone

from partnerships.exports import REPORTS, Export
from partnerships.models import Milestone, Partnership
from publishing.models import Publication
from tests.factories import make_milestone, make_partnership

pytestmark = pytest.mark.django_db

HEADER = {
    "en": ["Sofia Municipality", "Funded by the European Union", "International Urban and Regional Cooperation"],
    "bg": [
        "Столична община",
        "Финансирано от Европейския съюз",
        "Програма за международно градско и регионално сътрудничество",
    ],
}


def _pdf(export, tmp_path):
    source = export.pdf_html()
    path = tmp_path / f"{export.report.key}-{export.language}.pdf"
    path.write_bytes(b"".join(export.stream()))
    return source, path


def _words_of(source):
    """The words the HTML gives the PDF to print: its body's text and its title (the footer)."""
    body = source.split("<body>", 1)[1]
    title = re.search(r"<title>(.*?)</title>", source, re.S).group(1)
    text = re.sub(r"<[^>]+>", " ", body) + " " + title
    return set(html.unescape(text).split())


def _page_texts(path):
    """Each page's text. PDFium gives a hyphen that ends a line as U+FFFE, the word joined:
    "sofia-seoul" broken after its own hyphen reads back whole, and a hyphen that the text
    does not have would read back as a word the text does not have."""
    document = pypdfium2.PdfDocument(path)
    try:
        return [page.get_textpage().get_text_range().replace("\ufffe", "-") for page in document]
    finally:
        document.close()


def _unembedded_fonts(path):
    missing = []
    for page in pypdf.PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (
                font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                if "/DescendantFonts" in font
                else font.get("/FontDescriptor")
            )
            if descriptor is None or not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.append(str(font.get("/BaseFont")))
    return missing


def _draw(path, folder):
    """Each page as a PNG in ``folder`` (to look at), and the share of its top-left corner
    in the EU emblem's blue."""
    document = pypdfium2.PdfDocument(path)
    blues = []
    try:
        for number, page in enumerate(document, start=1):
            image = page.render(scale=1).to_pil().convert("RGB")
            image.save(folder / f"{path.stem}-{number}.png")
            corner = image.crop((20, 40, 70, 75))
            data = corner.tobytes()
            pixels = [data[index : index + 3] for index in range(0, len(data), 3)]
            blues.append(sum(1 for r, g, b in pixels if b > 100 and r < 60 and g < 80) / len(pixels))
    finally:
        document.close()
    return blues


@pytest.mark.parametrize("language", ["bg", "en"])
@pytest.mark.parametrize("report", list(REPORTS))
def test_a_small_report_is_one_page_with_no_word_broken_and_every_font_embedded(
    site, report, language, tmp_path, pdf_engine
):
    source, path = _pdf(Export(report, language=language, fmt="pdf"), tmp_path)

    pages = _page_texts(path)
    printed = {word for text in pages for word in text.split()}
    assert len(pages) == 1
    assert printed - _words_of(source) - {"1", "/"} == set()
    assert _unembedded_fonts(path) == []
    assert [phrase for phrase in HEADER[language] if phrase not in pages[0]] == []
    assert [share > 0.5 for share in _draw(path, tmp_path)] == [True]


def test_a_long_report_repeats_the_header_and_the_column_headings_on_every_page(site, tmp_path, pdf_engine):
    for number in range(90):
        make_milestone(
            partnership=site["published"],
            title_bg=f"Работна среща {number}",
            title_en=f"Working meeting {number}",
            due_date=datetime.date(2027, 1, 1) + datetime.timedelta(days=number),
        )
    source, path = _pdf(Export("milestones", language="en", fmt="pdf"), tmp_path)

    pages = _page_texts(path)
    printed = {word for text in pages for word in text.split()}
    assert len(pages) >= 3
    assert [
        number
        for number, text in enumerate(pages, start=1)
        if not all(phrase in text for phrase in [*HEADER["en"], "Completion", f"{number} / {len(pages)}"])
    ] == []
    assert printed - _words_of(source) - {str(number) for number in range(1, len(pages) + 1)} - {"/"} == set()
    assert all(share > 0.5 for share in _draw(path, tmp_path))


def test_dates_and_the_time_made_are_written_as_the_language_writes_them(site, tmp_path, pdf_engine):
    made = {"bg": "", "en": ""}
    for language in made:
        export = Export("milestones", language=language, fmt="pdf")
        made[language] = timezone.localtime(export.created)
        text = "\n".join(_page_texts(_pdf(export, tmp_path)[1]))
        stamp = made[language].strftime("%d.%m.%Y г., %H:%M" if language == "bg" else "%d/%m/%Y, %H:%M")
        assert stamp in text
        assert ("30.09.2021 г." if language == "bg" else "30/09/2021") in text
        assert "2021-09-30" not in text


def test_a_staff_report_marks_drafts_and_counts_overdue_drafts_apart(site, tmp_path, pdf_engine):
    make_milestone(
        partnership=site["published"],
        title_bg="Чернова среща",
        title_en="Draft meeting",
        status=Milestone.Status.PLANNED,
        due_date=datetime.date(2020, 1, 1),
        publication=Publication.DRAFT,
    )
    export = Export("deadlines", language="en", fmt="pdf")
    _source, path = _pdf(export, tmp_path)

    text = "\n".join(_page_texts(path))
    row = next(line for line in text.splitlines() if "Draft meeting" in line)
    figures = dict(export.figures())
    assert "Records: all, drafts included" in text
    assert row.split()[-1] == "draft"
    assert figures["Overdue, not published"] == 1
    assert (
        figures["Overdue"]
        == figures["Overdue, not published"] + Milestone.objects.published().overdue(today=export.today).count()
    )


def test_a_public_report_says_it_holds_only_published_records(site, tmp_path, pdf_engine):
    text = "\n".join(_page_texts(_pdf(Export("milestones", language="en", fmt="pdf", public=True), tmp_path)[1]))

    assert "Records: published only" in text
    assert "Publication" not in text


def test_an_english_report_marks_a_title_shown_in_bulgarian(site, tmp_path, pdf_engine):
    make_milestone(partnership=site["published"], title_bg="Среща без превод", title_en="")
    source, path = _pdf(Export("milestones", language="en", fmt="pdf"), tmp_path)

    text = "\n".join(_page_texts(path))
    assert '<td class="translated" lang="bg">Среща без превод <span class="mark" lang="en">[BG]</span></td>' in source
    assert "Среща без превод [BG]" in text
    assert "[BG]: no text in English yet, so it is shown in Bulgarian." in text


def test_progress_is_a_bar_only_once_a_partnership_has_begun_and_green_only_when_completed(site, pdf_engine):
    announced = make_partnership(
        title_bg="Обявено", title_en="Announced", status=Partnership.Status.ANNOUNCED, publication="published"
    )
    completed = make_partnership(
        title_bg="Завършено", title_en="Completed", status=Partnership.Status.COMPLETED, publication="published"
    )
    for partnership in (announced, completed):
        make_milestone(partnership=partnership, status=Milestone.Status.DONE, completed_on=datetime.date(2024, 1, 1))

    source = Export("portfolio", language="en", fmt="pdf").pdf_html()

    rows = {
        title: re.search(rf'<th scope="row">{title}</th>(.*?)</tr>', source, re.S).group(1)
        for title in ("Announced", "Completed")
    }
    assert "just begun" in rows["Announced"] and 'class="bar"' not in rows["Announced"]
    assert 'class="complete" style="width: 100%"' in rows["Completed"]
