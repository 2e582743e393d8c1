"""Reading the date written in a line of an article (a mail header, a ``Published`` prefix)."""

from __future__ import annotations

import re
from datetime import date as _date

__all__ = ["parse_date"]

_MONTHS = {
    m: i
    for i, m in enumerate(
        "january february march april may june july august september october november december".split(), 1
    )
}
for _name, _num in list(_MONTHS.items()):
    _MONTHS[_name[:3]] = _num
_MONTHS["sept"] = 9

_DATE_PATTERNS = (
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(r"(?P<d>\d{1,2})\s+(?P<mon>[A-Za-z]{3,9})\.?,?\s+(?P<y>\d{4})"),
    re.compile(r"(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})"),
)


def parse_date(value: str) -> str | None:
    """An ISO ``YYYY-MM-DD`` date from the first date written in ``value``.

    Understands ``2023-11-14``, ``14 November 2023``, ``Nov 14, 2023`` and
    mail dates (``Tue, 14 Nov 2023 10:00:00 GMT``). Returns None when there
    is no valid date.

    >>> parse_date("Tue, 14 Nov 2023 10:00:00 GMT")
    '2023-11-14'
    """
    for pat in _DATE_PATTERNS:
        for m in pat.finditer(value):
            g = m.groupdict()
            month = int(g["m"]) if g.get("m") else _MONTHS.get((g.get("mon") or "").lower())
            if not month:
                continue
            try:
                return _date(int(g["y"]), month, int(g["d"])).isoformat()
            except ValueError:
                continue
    return None
