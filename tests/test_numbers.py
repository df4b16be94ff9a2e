import pytest

from songlo.numbers import money_in_words, number_in_words


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "không"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (15, "mười lăm"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (24, "hai mươi bốn"),
        (25, "hai mươi lăm"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (115, "một trăm mười lăm"),
        (1_000, "một nghìn"),
        (1_005, "một nghìn không trăm linh năm"),
        (1_050, "một nghìn không trăm năm mươi"),
        (10_000, "mười nghìn"),
        (101_000, "một trăm linh một nghìn"),
        (1_000_000, "một triệu"),
        (1_053_000, "một triệu không trăm năm mươi ba nghìn"),
        (1_872_000, "một triệu tám trăm bảy mươi hai nghìn"),
        (2_340_000, "hai triệu ba trăm bốn mươi nghìn"),
        (1_000_000_000, "một tỷ"),
        (1_000_000_001, "một tỷ không trăm linh một"),
        (2_005_000_000, "hai tỷ không trăm linh năm triệu"),
        (1_000_000_000_000, "một nghìn tỷ"),
        (-3, "âm ba"),
    ],
)
def test_number_in_words(number, words):
    assert number_in_words(number) == words


def test_money_in_words_is_a_sentence_in_dong():
    assert money_in_words(2_340_000) == "Hai triệu ba trăm bốn mươi nghìn đồng"
    assert money_in_words(0) == "Không đồng"
