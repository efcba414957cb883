import pytest

from iurc_portal.sqlite import like


@pytest.mark.parametrize(
    ("pattern", "value", "expected"),
    [
        ("%софия%", "Столична община София", True),
        ("%СОФИЯ%", "софия", True),
        ("%seoul%", "Sofia – Seoul", True),
        ("%서울%", "서울특별시", True),
        ("s_fia", "Sofia", True),
        ("s_fia", "Sofiia", False),
        ("%100\\%%", "100% done", True),
        ("%100\\%%", "1000 done", False),
        ("%a\\_b%", "a_b", True),
        ("%a\\_b%", "axb", False),
        ("%line%", "first\nline", True),
    ],
)
def test_like_folds_every_script_and_honours_escape(pattern, value, expected):
    assert like(pattern, value, "\\") is expected


def test_like_null_is_unknown():
    assert like("%a%", None) is None
