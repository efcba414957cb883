"""PlainSelect writes the HTML that Django's Select renders from its templates."""

import pytest
from django import forms
from django.test.html import parse_html

from publishing.widgets import PlainSelect, PlainSelectMultiple, plain_selects

CHOICES = [("", "— all —"), ("a&b", "A & <b>"), (2, "Two"), ("Group", [("g1", "One in a group"), ("g2", "Two")])]


@pytest.mark.parametrize(
    ("attrs", "value"),
    [
        ({}, None),
        ({"id": "id_x", "aria-describedby": "id_x_error"}, "a&b"),
        ({"required": True, "disabled": False}, 2),
        ({"class": "wide"}, "g2"),
    ],
)
def test_plain_select_writes_django_s_html(attrs, value):
    django = forms.Select(attrs=attrs, choices=CHOICES).render("x", value)
    plain = PlainSelect(attrs=attrs, choices=CHOICES).render("x", value)
    assert parse_html(plain) == parse_html(django)


def test_plain_select_multiple_writes_django_s_html():
    value = ["a&b", "g1"]
    django = forms.SelectMultiple(choices=CHOICES).render("x", value)
    plain = PlainSelectMultiple(choices=CHOICES).render("x", value)
    assert parse_html(plain) == parse_html(django)
    assert plain.count(" selected") == 2


def test_plain_selects_keeps_the_field_s_choices_attributes_and_errors():
    class Form(forms.Form):
        pick = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])
        many = forms.MultipleChoiceField(choices=[("a", "A")], required=False)
        text = forms.CharField()

    django = Form({"pick": "zz", "text": "t"})
    plain = plain_selects(Form({"pick": "zz", "text": "t"}))

    assert type(plain.fields["pick"].widget) is PlainSelect
    assert type(plain.fields["many"].widget) is PlainSelectMultiple
    assert type(plain.fields["text"].widget) is forms.TextInput
    for name in ("pick", "many"):
        assert parse_html(str(plain[name])) == parse_html(str(django[name]))
    assert plain.errors == django.errors


def test_label_is_the_choice_s_label_in_the_active_language():
    from django.utils import translation

    from partnerships.models import Milestone
    from publishing.templatetags.bilingual import label

    milestone = Milestone(kind="study_visit", status="unknown-value")
    with translation.override("en"):
        assert (label(milestone, "kind"), label(milestone, "status")) == ("study visit", "unknown-value")
    with translation.override("bg"):
        assert label(milestone, "kind") == str(milestone.get_kind_display())
        assert label(milestone, "kind") != "study visit"
