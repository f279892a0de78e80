from motcua.core.text import clean, fold


def test_fold_removes_vietnamese_diacritics_and_case():
    assert fold("Giấy phép  Lao ĐỘNG") == "giay phep lao dong"
    assert fold("Đăng ký đất đai") == "dang ky dat dai"


def test_fold_handles_decomposed_input():
    assert fold("Nguye\u0302\u0303n") == "nguyen"


def test_clean_collapses_whitespace_and_normalises():
    assert clean("  Cấp\tgiấy \n phép ") == "Cấp giấy phép"
    assert clean(None) == ""
