"""What letters' metadata share across formats: a title made from the letter, and its keys.

The record format extension for correspondence (documented in the README):
`sent_from` and `sent_to` are the places a letter was sent from and to (both also in `places`),
`received` is the date it arrived (a date of the format); authority identifiers of names and
places live in the manifest, under `[identifiers]`, and `organisations` lists the names that are
organisations, not people.
"""

from __future__ import annotations

from typing import Any

from tui.importers.dates import DateValue, as_text
from tui.model.dates import DateError, parse_date


def letter_title(authors: list[str], recipients: list[str], date: DateValue | None, number: str = "") -> str:
    """"Weber, Carl Maria von to Gänsbacher, Johann, 7 May 1825", from what is known of a letter."""
    sender = "; ".join(authors) or "Unknown"
    addressee = "; ".join(recipients) or "unknown"
    title = f"{sender} to {addressee}"
    if date is not None:
        try:
            title += ", " + parse_date(date).day_display
        except DateError:
            title += ", " + as_text(date)
    elif number:
        title += f" ({number})"
    return title


def letter_record(record_id: str, *, authors: list[str], recipients: list[str], date: DateValue | None,
                  sent_from: str | None, sent_to: str | None, received: DateValue | None) -> dict[str, Any]:
    """The keys every letter has, in the order a record shows them."""
    places = [p for p in (sent_from, sent_to) if p]
    return {
        "id": record_id,
        "title": "",
        "date": date,
        "type": "Letter",
        "authors": authors,
        "recipients": recipients,
        "places": list(dict.fromkeys(places)),
        "sent_from": sent_from,
        "sent_to": sent_to,
        "received": received,
    }
