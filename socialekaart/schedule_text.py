"""Recurring times and exceptions as a coördinator types them in a spreadsheet cell, and back.

One time is one phrase, several are separated by semicolons (or put on their own line in the cell):

    elke dinsdag 10:00-12:00
    om de week op dinsdag 10:00-12:00 vanaf 06-01-2026
    elke 3 weken op vrijdag 14:00-15:30 vanaf 09-01-2026 tot en met 18-12-2026
    elke eerste dinsdag van de maand 14:00-16:00 in Buurthuis De Bron

Days may be abbreviated (di, wo), times written 10.00 or 10:00, dates dd-mm-jjjj or jjjj-mm-dd, 't/m' for
'tot en met'. Exceptions (dates without a session), also separated by semicolons:

    25-12-2026; 01-07-2026 t/m 31-08-2026 (zomervakantie)

Dated events (a session on one date), with an optional place and, in brackets, a title of its own:

    12-01-2027 14:00-16:00; 26-01-2027 19:30-21:00 in Buurthuis De Bron (Nieuwjaarsborrel)

`parse_*` raise ValueError with a Dutch message naming the part they could not read; `write_*` give the text
that `parse_*` read back to the same values (socialekaart.resources exports with them; the round trip is tested in
tests/test_socialekaart_import.py). Plain functions, no database: places are resolved by the resource.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TypeVar

from .recurrence import MONTHLY, WEEKLY

DAY_NAMES = {1: "maandag", 2: "dinsdag", 3: "woensdag", 4: "donderdag", 5: "vrijdag", 6: "zaterdag", 7: "zondag"}
DAYS = {name: number for number, name in DAY_NAMES.items()} | {name[:2]: number for number, name in DAY_NAMES.items()}
POSITIONS = {1: "eerste", 2: "tweede", 3: "derde", 4: "vierde", -1: "laatste"}
POSITION_WORDS = {word: number for number, word in POSITIONS.items()} | {"1e": 1, "2e": 2, "3e": 3, "4e": 4}
NUMBER_WORDS = {"twee": 2, "drie": 3, "vier": 4}
MAX_INTERVAL = 4
DATE_FORMATS = ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y")
LIST_SPLIT = re.compile(r"[;\n]")
Parsed = TypeVar("Parsed")

TIME_EXAMPLES = (
    "Schrijf bijvoorbeeld: 'elke dinsdag 10:00-12:00', 'om de week op dinsdag 10:00-12:00 vanaf 06-01-2026' of "
    "'elke eerste dinsdag van de maand 14:00-16:00'."
)
EXCEPTION_EXAMPLES = "Schrijf bijvoorbeeld: '25-12-2026' of '01-07-2026 t/m 31-08-2026 (zomervakantie)'."
EVENT_EXAMPLES = (
    "Schrijf bijvoorbeeld: '12-01-2027 14:00-16:00' of "
    "'26-01-2027 19:30-21:00 in Buurthuis De Bron (Nieuwjaarsborrel)'."
)

_CLOCK = r"\d{1,2}(?:[:.]\d{2})?"
_DATE = r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}"
TIME_PHRASE = re.compile(
    rf"^(?P<how>.+?)\s+(?P<starts>{_CLOCK})\s*(?:-|–|—|tot)\s*(?P<ends>{_CLOCK})(?:\s*uur)?"
    rf"(?:\s+vanaf\s+(?P<valid_from>{_DATE}))?"
    rf"(?:\s+(?:tot en met|t/m|tot)\s+(?P<until>{_DATE}))?"
    r"(?:\s+in\s+(?P<place>.+))?$",
    re.IGNORECASE,
)
_DAY = r"(?P<day>[a-z]+)"
HOW_PATTERNS = [
    (re.compile(rf"^(?:elke|iedere) (?P<which>eerste|tweede|derde|vierde|laatste|[1-4]e) {_DAY} van de maand$"), None),
    (re.compile(rf"^om de (?:andere )?week (?:op )?{_DAY}$"), 2),
    (re.compile(rf"^(?:elke|iedere) (?P<n>\d+|twee|drie|vier) weken (?:op )?{_DAY}$"), None),
    (re.compile(rf"^(?:elke|iedere) week (?:op )?{_DAY}$"), 1),
    (re.compile(rf"^(?:elke|iedere) {_DAY}$"), 1),
    (re.compile(rf"^{_DAY}$"), 1),
]
EVENT_PHRASE = re.compile(
    rf"^(?P<day>{_DATE})\s+(?P<starts>{_CLOCK})\s*(?:-|–|—|tot)\s*(?P<ends>{_CLOCK})(?:\s*uur)?"
    r"(?:\s+in\s+(?P<place>[^()]+?))?(?:\s*\((?P<title>[^()]*)\))?$",
    re.IGNORECASE,
)
EXCEPTION_PHRASE = re.compile(
    rf"^(?P<first>{_DATE})(?:(?:\s*(?:t/m|tot en met|–)\s*|\s+-\s+)(?P<last>{_DATE}))?(?:\s*\((?P<reason>[^()]*)\))?$"
)


@dataclass(frozen=True)
class WrittenTime:
    """One recurring time as read from a cell; `place` is the name after 'in' (resolved by the resource)."""

    weekday: int
    starts_at: time
    ends_at: time
    freq: str = WEEKLY
    interval: int = 1
    bysetpos: int | None = None
    valid_from: date | None = None
    until: date | None = None
    place: str = ""


@dataclass(frozen=True)
class WrittenEvent:
    """One dated event as read from a cell; `place` is the name after 'in' (resolved by the resource)."""

    day: date
    starts_at: time
    ends_at: time
    place: str = ""
    title: str = ""


@dataclass(frozen=True)
class WrittenException:
    starts_on: date
    ends_on: date
    reason: str = ""


def split_list(value: str) -> list[str]:
    return [part.strip() for part in LIST_SPLIT.split(value or "") if part.strip()]


def parse_date(text: str) -> date:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 -- only the date is kept
        except ValueError:
            continue
    raise ValueError(f"Datum niet herkend: '{text}'. Gebruik dd-mm-jjjj of jjjj-mm-dd.")


def _clock(text: str) -> time:
    hours, _sep, minutes = text.replace(".", ":").partition(":")
    try:
        return time(int(hours), int(minutes or 0))
    except ValueError:
        raise ValueError(f"Tijd niet herkend: '{text}'. Schrijf bijvoorbeeld 10:00.") from None


def _day(word: str, phrase: str) -> int:
    try:
        return DAYS[word.rstrip("s") if word.rstrip("s") in DAYS else word]
    except KeyError:
        raise ValueError(f"Onbekende dag '{word}' in '{phrase}'. Schrijf de dag voluit, zoals dinsdag.") from None


def _how_often(how: str, phrase: str) -> tuple[int, str, int, int | None]:
    """(weekday, freq, interval, bysetpos) of 'elke dinsdag', 'om de week op dinsdag', 'elke eerste dinsdag …'."""
    text = " ".join(how.lower().split())
    for pattern, fixed_interval in HOW_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        weekday = _day(match["day"], phrase)
        if "which" in pattern.groupindex:
            return weekday, MONTHLY, 1, POSITION_WORDS[match["which"]]
        interval = fixed_interval
        if interval is None:
            n = match["n"]
            interval = NUMBER_WORDS.get(n) or int(n)
            if not 1 <= interval <= MAX_INTERVAL:
                raise ValueError(f"'{phrase}': kies elke week, om de week, of elke 3 of 4 weken.")
        return weekday, WEEKLY, interval, None
    raise ValueError(f"Niet herkend hoe vaak: '{phrase}'. {TIME_EXAMPLES}")


def parse_time(phrase: str) -> WrittenTime:
    text = " ".join(phrase.split())
    match = TIME_PHRASE.match(text)
    if not match:
        raise ValueError(f"Tijd niet herkend: '{text}'. {TIME_EXAMPLES}")
    weekday, freq, interval, bysetpos = _how_often(match["how"], text)
    starts, ends = _clock(match["starts"]), _clock(match["ends"])
    if ends <= starts:
        raise ValueError(f"De eindtijd moet na de begintijd liggen: '{text}'.")
    valid_from = parse_date(match["valid_from"]) if match["valid_from"] else None
    until = parse_date(match["until"]) if match["until"] else None
    if interval > 1 and valid_from is None:
        raise ValueError(
            f"'{text}': schrijf erachter vanaf welke datum, zoals 'vanaf 06-01-2026'. Vanaf die eerste keer tellen we "
            "de weken."
        )
    if valid_from and until and until < valid_from:
        raise ValueError(f"De einddatum ligt voor de begindatum: '{text}'.")
    return WrittenTime(
        weekday=weekday,
        starts_at=starts,
        ends_at=ends,
        freq=freq,
        interval=interval,
        bysetpos=bysetpos,
        valid_from=valid_from,
        until=until,
        place=(match["place"] or "").strip(),
    )


def parse_times(value: str) -> list[WrittenTime]:
    """Every time of the cell; all problems in one message."""
    return _parse_each(value, parse_time)


def _parse_each(value: str, parse: Callable[[str], Parsed]) -> list[Parsed]:
    """`parse` of every phrase of the cell; the problems of all of them in one message."""
    found, problems = [], []
    for phrase in split_list(value):
        try:
            found.append(parse(phrase))
        except ValueError as error:
            problems.append(str(error))
    if problems:
        raise ValueError(" ".join(problems))
    return found


def write_date(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def write_time(written: WrittenTime) -> str:
    day = DAY_NAMES[written.weekday]
    if written.freq == MONTHLY and written.bysetpos:
        how = f"elke {POSITIONS[written.bysetpos]} {day} van de maand"
    elif written.interval == 2:  # noqa: PLR2004 -- 'om de week' is the words for every two weeks
        how = f"om de week op {day}"
    elif written.interval > 1:
        how = f"elke {written.interval} weken op {day}"
    else:
        how = f"elke {day}"
    parts = [how, f"{written.starts_at:%H:%M}-{written.ends_at:%H:%M}"]
    if written.valid_from:
        parts.append(f"vanaf {write_date(written.valid_from)}")
    if written.until:
        parts.append(f"tot en met {write_date(written.until)}")
    if written.place:
        parts.append(f"in {written.place}")
    return " ".join(parts)


def write_times(times: list[WrittenTime]) -> str:
    return "; ".join(write_time(written) for written in times)


def parse_exception(phrase: str) -> WrittenException:
    text = " ".join(phrase.split())
    match = EXCEPTION_PHRASE.match(text)
    if not match:
        raise ValueError(f"Datum of periode niet herkend: '{text}'. {EXCEPTION_EXAMPLES}")
    first = parse_date(match["first"])
    last = parse_date(match["last"]) if match["last"] else first
    if last < first:
        raise ValueError(f"De laatste dag ligt voor de eerste: '{text}'.")
    reason = (match["reason"] or "").strip()
    if len(reason) > 100:  # noqa: PLR2004 -- Uitzondering.reason's max_length
        raise ValueError(f"De reden is te lang (hooguit 100 tekens): '{reason[:30]}…'.")
    return WrittenException(first, last, reason)


def parse_exceptions(value: str) -> list[WrittenException]:
    return _parse_each(value, parse_exception)


def write_exception(written: WrittenException) -> str:
    text = write_date(written.starts_on)
    if written.ends_on != written.starts_on:
        text += f" t/m {write_date(written.ends_on)}"
    return f"{text} ({written.reason})" if written.reason else text


def write_exceptions(exceptions: list[WrittenException]) -> str:
    return "; ".join(write_exception(written) for written in exceptions)


def parse_event(phrase: str) -> WrittenEvent:
    text = " ".join(phrase.split())
    match = EVENT_PHRASE.match(text)
    if not match:
        raise ValueError(f"Bijeenkomst niet herkend: '{text}'. {EVENT_EXAMPLES}")
    starts, ends = _clock(match["starts"]), _clock(match["ends"])
    if ends <= starts:
        raise ValueError(f"De eindtijd moet na de begintijd liggen: '{text}'.")
    title = (match["title"] or "").strip()
    if len(title) > 120:  # noqa: PLR2004 -- Bijeenkomst.title's max_length
        raise ValueError(f"De titel is te lang (hooguit 120 tekens): '{title[:30]}…'.")
    return WrittenEvent(parse_date(match["day"]), starts, ends, (match["place"] or "").strip(), title)


def parse_events(value: str) -> list[WrittenEvent]:
    return _parse_each(value, parse_event)


def write_event(written: WrittenEvent) -> str:
    text = f"{write_date(written.day)} {written.starts_at:%H:%M}-{written.ends_at:%H:%M}"
    if written.place:
        text += f" in {written.place}"
    return f"{text} ({written.title})" if written.title else text


def write_events(events: list[WrittenEvent]) -> str:
    return "; ".join(write_event(written) for written in sorted(events, key=lambda e: (e.day, e.starts_at)))
