"""Amounts in Vietnamese words, as treasury papers write them under the figures.

``money_in_words(2_340_000)`` -> "Hai triệu ba trăm bốn mươi nghìn đồng".

The rules of the written language (Northern usage, as in the state's financial forms):
- groups of three digits named nghìn, triệu, tỷ; above a tỷ the groups start again
  ("một nghìn tỷ");
- a group after the first says its hundreds even when they are zero ("một triệu không trăm
  năm mươi nghìn"), and a zero tens digit before a units digit is "linh" ("một trăm linh năm");
- 10 to 19 are "mười …"; from 20 the tens are "… mươi", after which 1 is "mốt" and 4 stays "bốn";
  5 after any tens is "lăm" ("mười lăm", "hai mươi lăm");
- a group that is zero is skipped ("một triệu đồng", not "một triệu không nghìn …").
"""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
GROUPS = ("", "nghìn", "triệu")  # then tỷ, which restarts the cycle


def _group(number: int, *, full: bool) -> list[str]:
    """Words of 0 < number < 1000; ``full`` when a higher group precedes it (say the hundreds)."""
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units == 0:
        return words
    if units == 1 and tens >= 2:
        words.append("mốt")
    elif units == 5 and tens >= 1:
        words.append("lăm")
    else:
        words.append(DIGITS[units])
    return words


def _below_billion(number: int, *, full: bool) -> list[str]:
    groups = []
    while number:
        number, group = divmod(number, 1000)
        groups.append(group)
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group:
            words += _group(group, full=full or bool(words))
            if GROUPS[index]:
                words.append(GROUPS[index])
    return words


def number_in_words(number: int) -> str:
    """The whole number in lower-case Vietnamese words."""
    if number < 0:
        return "âm " + number_in_words(-number)
    if number == 0:
        return DIGITS[0]
    return " ".join(_words(number, full=False))


def _words(number: int, *, full: bool) -> list[str]:
    billions, rest = divmod(number, 1_000_000_000)
    if not billions:
        return _below_billion(rest, full=full)
    words = [*_words(billions, full=full), "tỷ"]
    if rest:
        words += _below_billion(rest, full=True)
    return words


def money_in_words(amount: int) -> str:
    """ "Hai triệu ba trăm bốn mươi nghìn đồng": capitalised, ending in đồng."""
    text = number_in_words(int(amount)) + " đồng"
    return text[0].upper() + text[1:]
