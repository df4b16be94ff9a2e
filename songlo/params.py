"""Reading numbers from a query string without trusting them.

A parameter that is missing, not a whole number, or outside the range the page can show is
``None``: the view then shows its default (and says why when something was given), never a 500
from ``datetime.date(99999, ...)`` or a database integer overflow.
"""

from __future__ import annotations

# The years any page shows: the emulation and commendation records begin after 1945; a year
# beyond 2100 is a typing error.
YEAR_MIN = 1945
YEAR_MAX = 2100
# The largest id a database row can have (PostgreSQL bigint).
ID_MAX = 2**63 - 1


def bounded_int(value: object, *, low: int, high: int) -> int | None:
    """The whole number written in ``value`` if it lies in [low, high], else None."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    text = str(value).strip()
    if not text or len(text) > 20:
        return None
    try:
        number = int(text)
    except ValueError:
        return None
    return number if low <= number <= high else None


def year_param(value: object) -> int | None:
    """A year between YEAR_MIN and YEAR_MAX, else None."""
    return bounded_int(value, low=YEAR_MIN, high=YEAR_MAX)


def id_param(value: object) -> int | None:
    """A positive database id, else None."""
    return bounded_int(value, low=1, high=ID_MAX)


def id_params(values) -> list[int]:
    """The valid ids among ``values`` (e.g. ``request.POST.getlist("reviews")``); others dropped."""
    return [number for number in map(id_param, values) if number is not None]
