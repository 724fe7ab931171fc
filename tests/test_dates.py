"""Table-driven tests for normalise.dates.

Expected values were worked out from the calendar, not copied from the parser. Facts used:
today 2026-11-25 is a Wednesday; its listing window is [2026-07-28, 2027-07-28];
4 March is a Tuesday in 2025, a Wednesday in 2026 and a Thursday in 2027; 1.12.2025 is a
Monday (1.12.2026 a Tuesday); Helsinki is +02:00/+03:00, Stockholm +01:00/+02:00, both
switching at 01:00 UTC on 2025-03-30 and 2025-10-26.
"""
import subprocess
import sys
from datetime import date, timedelta

import pytest

from normalise.dates import DateParseError, ParsedWhen, find_when, parse_when

T = date(2026, 11, 25)
HEL = "Europe/Helsinki"
STO = "Europe/Stockholm"


def case(text, start, end, all_day=False, rrule=None, exdates=(), *, lang=None, today=T,
         tz=HEL, id=None):
    expected = {"start": start, "end": end, "all_day": all_day, "rrule": rrule,
                "exdates": list(exdates)}
    return pytest.param(text, lang, today, tz, expected, id=id or text)


def day(text, iso, **kw):
    """An all-day single date."""
    return case(text, iso, iso, True, **kw)


SINGLE = [
    # the forms of the brief
    case("ti 4.3. klo 13–15", "2025-03-04T13:00:00+02:00", "2025-03-04T15:00:00+02:00"),
    case("ti 4.3. klo 13–15", "2025-03-04T13:00:00+02:00", "2025-03-04T15:00:00+02:00",
         today=date(2025, 2, 20), id="ti 4.3. (today 2025-02-20)"),
    case("La 12.4. klo 14", "2025-04-12T14:00:00+03:00", None),
    case("tisdag 4 mars 2025 kl. 13.00–15.00", "2025-03-04T13:00:00+02:00",
         "2025-03-04T15:00:00+02:00"),
    case("5.3.2025 kl. 10–11.30", "2025-03-05T10:00:00+02:00", "2025-03-05T11:30:00+02:00"),
    day("5.3.", "2027-03-05"),
    day("5.3", "2027-03-05"),
    case("12.–14.6.2025", "2025-06-12", "2025-06-14", True),
    case("12.6.–14.6.2025", "2025-06-12", "2025-06-14", True),
    case("24.6. - 26.6.", "2027-06-24", "2027-06-26", True),
    case("Torstaina 1. toukokuuta 2025 kello 12", "2025-05-01T12:00:00+03:00", None),
    case("torstai 1.5. klo 12", "2025-05-01T12:00:00+03:00", None),
    case("Sat 12 April 2025 at 14:00", "2025-04-12T14:00:00+03:00", None),
    case("April 12, 2025 2pm", "2025-04-12T14:00:00+03:00", None),
    case("2025-04-12 14:00", "2025-04-12T14:00:00+03:00", None),
    case("2025-04-12T14:00:00+03:00", "2025-04-12T14:00:00+03:00", None),
    case("2025-04-12T11:00:00Z", "2025-04-12T14:00:00+03:00", None),
    case("2025-04-12T14:00:00+03:00", "2025-04-12T13:00:00+02:00", None, tz=STO,
         id="ISO offset converted to Stockholm"),
    case("2025-04-12 14:00–16:30", "2025-04-12T14:00:00+03:00", "2025-04-12T16:30:00+03:00"),
    day("2025-04-12", "2025-04-12"),
    case("12/4 kl 18", "2027-04-12T18:00:00+03:00", None),
    day("torsdag 05/02", "2026-02-05"),
    case("tisdag 4/3 2025", "2025-03-04", "2025-03-04", True, id="slash date, year apart"),
    # surrounding prose
    case("Seniorträffen samlas varje tisdag 4.3.2025 kl. 13–15 i församlingshemmet",
         "2025-03-04T13:00:00+02:00", "2025-03-04T15:00:00+02:00",
         rrule="FREQ=WEEKLY;BYDAY=TU", id="series with a start date in prose"),
    case("Välkommen på konsert fredag 4.12. kl. 19! Fri entré.",
         "2026-12-04T19:00:00+02:00", None),
    case("Ring 040 123 4567, 65100 Vasa. Pris 12 €. Träff 5.3. kl 12",
         "2027-03-05T12:00:00+02:00", None),
    case("4 mars kl. 13", "2027-03-04T13:00:00+02:00", None, id="kl. 13 is not a year"),
    case("kl. 13 4.3.", "2027-03-04T13:00:00+02:00", None),
    case("4.3.2025 13.00", "2025-03-04T13:00:00+02:00", None, id="date beside a time"),
    case("4.3. 13–15", "2027-03-04T13:00:00+02:00", "2027-03-04T15:00:00+02:00"),
    day("4.3.25", "2025-03-04"),
    # times
    case("fredag 4.12. kl. 13", "2026-12-04T13:00:00+02:00", None),
    case("Kl.20.00-02.00 lö 5.12.", "2026-12-05T20:00:00+02:00", "2026-12-06T02:00:00+02:00"),
    case("lö 5.12. kl. 20–24", "2026-12-05T20:00:00+02:00", "2026-12-06T00:00:00+02:00"),
    case("Från 21:00 fre 4.12.", "2026-12-04T21:00:00+02:00", None),
    case("4.12. från kl. 17", "2026-12-04T17:00:00+02:00", None),
    case("4.12. alkaen klo 17.30", "2026-12-04T17:30:00+02:00", None),
    case("4.12. kl. 13 till 15", "2026-12-04T13:00:00+02:00", "2026-12-04T15:00:00+02:00"),
    case("December 4, 2026 2–4pm", "2026-12-04T14:00:00+02:00", "2026-12-04T16:00:00+02:00"),
    case("December 4, 2026 11am–1pm", "2026-12-04T11:00:00+02:00",
         "2026-12-04T13:00:00+02:00"),
    case("Saturday, December 5th at 2 pm", "2026-12-05T14:00:00+02:00", None),
    case("Lördag 5 december kl 14–16", "2026-12-05T14:00:00+02:00",
         "2026-12-05T16:00:00+02:00"),
    case("lördagen den 5 december kl 14", "2026-12-05T14:00:00+02:00", None),
    case("klockan 18 fredag 4.12.", "2026-12-04T18:00:00+02:00", None),
    case("AW Med Quiz! Fre 4.12. Från Kl.17.00", "2026-12-04T17:00:00+02:00", None),
    case("ons 2.12. 18:00–20:00", "2026-12-02T18:00:00+02:00", "2026-12-02T20:00:00+02:00"),
    case("Vecka 49: må 30.11. kl. 18", "2026-11-30T18:00:00+02:00", None),
    # multi-day
    case("12.6.—14.6.2025", "2025-06-12", "2025-06-14", True, id="em dash"),
    case("12.6.-14.6.2025", "2025-06-12", "2025-06-14", True, id="hyphen"),
    case("12.6.2025 till 14.6.2025", "2025-06-12", "2025-06-14", True),
    case("Thu 3 Dec – Sat 5 Dec", "2026-12-03", "2026-12-05", True),
    # a range of days with one time of day: that time on each day (a daily series)
    case("1.–3.5. klo 10–16", "2027-05-01T10:00:00+03:00", "2027-05-01T16:00:00+03:00",
         rrule="FREQ=DAILY;UNTIL=20270503T070000Z"),
    case("5.–6.12. kl. 10–16", "2026-12-05T10:00:00+02:00", "2026-12-05T16:00:00+02:00",
         rrule="FREQ=DAILY;UNTIL=20261206T080000Z"),
    case("klo 10–14 2.–3.12.", "2026-12-02T10:00:00+02:00", "2026-12-02T14:00:00+02:00",
         rrule="FREQ=DAILY;UNTIL=20261203T080000Z"),
    case("Dec 12–13, 10am–4pm", "2026-12-12T10:00:00+02:00", "2026-12-12T16:00:00+02:00",
         rrule="FREQ=DAILY;UNTIL=20261213T080000Z"),
    case("2.–4.12. klo 10–14 (ei 3.12.)", "2026-12-02T10:00:00+02:00",
         "2026-12-02T14:00:00+02:00", rrule="FREQ=DAILY;UNTIL=20261204T080000Z",
         exdates=["2026-12-03T10:00:00+02:00"]),
    # weekdays before the range name its days; weekdays that leave days out make a series
    case("Julmarknad lö–sö 12.–13.12. kl. 11–16", "2026-12-12T11:00:00+02:00",
         "2026-12-12T16:00:00+02:00", rrule="FREQ=DAILY;UNTIL=20261213T090000Z"),
    case("ke–to 2.–3.12.", "2026-12-02", "2026-12-03", True),
    case("ma–pe 7.–18.12. klo 9–15", "2026-12-07T09:00:00+02:00", "2026-12-07T15:00:00+02:00",
         rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20261218T070000Z"),
    # a time at each end: one span from the first day's time to the last day's
    case("pe 4.12. klo 18 – su 6.12. klo 14", "2026-12-04T18:00:00+02:00",
         "2026-12-06T14:00:00+02:00"),
    case("4.12. kl 18 – 6.12. kl 14", "2026-12-04T18:00:00+02:00", "2026-12-06T14:00:00+02:00"),
    case("Fri 4 Dec 6pm – Sun 6 Dec 2pm", "2026-12-04T18:00:00+02:00",
         "2026-12-06T14:00:00+02:00"),
    case("1.12.2026–31.1.2027", "2026-12-01", "2027-01-31", True, id="long span, no time"),
    case("December 9–11, 2026", "2026-12-09", "2026-12-11", True),
    case("28.12.–2.1.", "2026-12-28", "2027-01-02", True),
    case("28.12.–2.1.2027", "2026-12-28", "2027-01-02", True),
    case("30.12.2026–2.1.", "2026-12-30", "2027-01-02", True),
    # a season from autumn to spring, running today (T is in November): begun this autumn
    case("1.9.–31.5.", "2026-09-01", "2027-05-31", True),
    case("1.8.–30.6.", "2026-08-01", "2027-06-30", True, id="1.8.–30.6. (begun four months ago)"),
    case("1.9.2026–31.5.2027", "2026-09-01", "2027-05-31", True),
    case("1.9.–31.5. keskiviikkoisin klo 18", "2026-09-02T18:00:00+03:00", None,
         rrule="FREQ=WEEKLY;BYDAY=WE;UNTIL=20270531T150000Z"),
    case("12–14 juni 2025", "2025-06-12", "2025-06-14", True),
    case("12 juni–14 juli 2025", "2025-06-12", "2025-07-14", True),
    case("from 12 June to 14 June 2025", "2025-06-12", "2025-06-14", True, lang="en"),
    case("ti 4.3.–to 6.3.", "2025-03-04", "2025-03-06", True),
    # text month forms
    day("1. joulukuuta", "2026-12-01"),
    day("14. helmikuuta", "2027-02-14"),
    day("den 24 december", "2026-12-24"),
    day("15 Feb 2026", "2026-02-15"),
    day("the 4th of March 2025", "2025-03-04"),
    day("March 4th, 2025", "2025-03-04"),
    day("26 sept.", "2026-09-26"),
    # dateparser fallback (relative words)
    case("i morgon kl 13", "2026-11-26T13:00:00+02:00", None),
    case("huomenna klo 12", "2026-11-26T12:00:00+02:00", None),
    case("tomorrow at 3pm", "2026-11-26T15:00:00+02:00", None),
    case("tomorrow at 10", "2026-11-26T10:00:00+02:00", None),
    case("ikväll kl 19", "2026-11-25T19:00:00+02:00", None),
    case("tänä iltana klo 18", "2026-11-25T18:00:00+02:00", None),
    case("ylihuomenna klo 10", "2026-11-27T10:00:00+02:00", None),
    case("Tonight at 7 pm", "2026-11-25T19:00:00+02:00", None),
    case("Friday 4 December at 18 in the hall", "2026-12-04T18:00:00+02:00", None),
    day("Meet at 5 Main Street on Friday", "2026-11-27"),     # a house number, not 5 o'clock
    # the nth weekday of a named month (1.2.2027 is a Monday, 31.1.2027 a Sunday,
    # 31.12.2026 a Thursday, 1.11.2026 a Sunday)
    case("helmikuun ensimmäinen tiistai klo 13", "2027-02-02T13:00:00+02:00", None),
    case("första tisdagen i februari kl. 13", "2027-02-02T13:00:00+02:00", None),
    case("first Tuesday of February at 1 pm", "2027-02-02T13:00:00+02:00", None),
    case("the last Friday of January 2027, 18-20", "2027-01-29T18:00:00+02:00", "2027-01-29T20:00:00+02:00"),
    case("sista fredagen i december kl 18", "2026-12-25T18:00:00+02:00", None),
    case("toinen keskiviikko marraskuussa klo 10", "2026-11-11T10:00:00+02:00", None),
    case("marraskuun toinen keskiviikko klo 10", "2026-11-11T10:00:00+02:00", None),
]

YEARS = [
    # the window [today-120d, today+245d] for dates without a year or weekday
    day("1.10.", "2026-10-01"),
    day("5.3.", "2027-03-05", id="window 5.3."),
    day("15.1.", "2027-01-15"),
    day("20.11.", "2026-11-20"),
    day("27.7.", "2027-07-27", id="27.7. is a day before the window opens"),
    day("28.7.", "2026-07-28", id="28.7. both ends of the window: the nearer"),
    day("29.7.", "2026-07-29"),
    day("24.12.", "2026-12-24"),
    # a weekday decides the year when one candidate year agrees
    day("ti 4.3.", "2025-03-04"),
    day("on 4.3.", "2026-03-04", lang="sv"),
    day("to 4.3.", "2027-03-04"),
    day("pe 4.3.", "2027-03-04", id="no candidate year is a Friday: window"),
    day("Tapahtuma on 4.3.", "2027-03-04", lang="fi", id="Finnish 'on' is not a weekday"),
    day("on 4 March", "2027-03-04", lang="en", id="English 'on' is not a weekday"),
    day("må 1.12", "2025-12-01"),
    day("tisdag 1.12.", "2026-12-01"),
    day("lauantai 12.4.", "2025-04-12"),
    day("29.2.", "2028-02-29", id="29.2. without a year: the nearest leap year"),
    case("fre 30.12.–mån 2.1.", "2022-12-30", "2023-01-02", True,
         today=date(2023, 1, 20), id="weekday range across new year"),
]

SERIES = [
    case("Seniorträffen samlas varje tisdag kl. 13–15 i församlingshemmet",
         "2026-12-01T13:00:00+02:00", "2026-12-01T15:00:00+02:00", rrule="FREQ=WEEKLY;BYDAY=TU"),
    case("Tuolijumppa joka tiistai klo 10–11", "2026-12-01T10:00:00+02:00",
         "2026-12-01T11:00:00+02:00", rrule="FREQ=WEEKLY;BYDAY=TU"),
    case("tisdagar kl. 13", "2026-12-01T13:00:00+02:00", None, rrule="FREQ=WEEKLY;BYDAY=TU"),
    case("tisdagarna kl. 10–12", "2026-12-01T10:00:00+02:00", "2026-12-01T12:00:00+02:00",
         rrule="FREQ=WEEKLY;BYDAY=TU"),
    case("på tisdagar", "2026-12-01", "2026-12-01", True, rrule="FREQ=WEEKLY;BYDAY=TU"),
    case("måndagar och torsdagar kl. 18–19.30", "2026-11-26T18:00:00+02:00",
         "2026-11-26T19:30:00+02:00", rrule="FREQ=WEEKLY;BYDAY=MO,TH"),
    case("mån–fre kl. 9–15", "2026-11-25T09:00:00+02:00", "2026-11-25T15:00:00+02:00",
         rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
    case("ma–pe klo 8–16", "2026-11-25T08:00:00+02:00", "2026-11-25T16:00:00+02:00",
         rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
    case("Mon–Fri 9–17", "2026-11-25T09:00:00+02:00", "2026-11-25T17:00:00+02:00",
         rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
    case("fre–sön kl. 12", "2026-11-27T12:00:00+02:00", None, rrule="FREQ=WEEKLY;BYDAY=FR,SA,SU"),
    case("vardagar kl. 9–16", "2026-11-25T09:00:00+02:00", "2026-11-25T16:00:00+02:00",
         rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
    case("varje dag kl. 8", "2026-11-25T08:00:00+02:00", None, rrule="FREQ=DAILY"),
    case("varje vardag kl 8-16", "2026-11-25T08:00:00+02:00", "2026-11-25T16:00:00+02:00",
         rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
    case("joka arkipäivä klo 9–11", "2026-11-25T09:00:00+02:00", "2026-11-25T11:00:00+02:00",
         rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
    case("arkisin klo 9", "2026-11-25T09:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
    case("viikonloppuisin klo 12–16", "2026-11-28T12:00:00+02:00", "2026-11-28T16:00:00+02:00",
         rrule="FREQ=WEEKLY;BYDAY=SA,SU"),
    case("första måndagen i månaden kl. 18", "2026-12-07T18:00:00+02:00", None,
         rrule="FREQ=MONTHLY;BYDAY=1MO"),
    case("sista fredagen i månaden kl. 19–22", "2026-11-27T19:00:00+02:00",
         "2026-11-27T22:00:00+02:00", rrule="FREQ=MONTHLY;BYDAY=-1FR"),
    case("första och tredje tisdagen i månaden", "2026-12-01", "2026-12-01", True,
         rrule="FREQ=MONTHLY;BYDAY=1TU,3TU"),
    case("joka tiistai klo 10", "2026-12-01T10:00:00+02:00", None, rrule="FREQ=WEEKLY;BYDAY=TU"),
    case("tiistaisin klo 10–11", "2026-12-01T10:00:00+02:00", "2026-12-01T11:00:00+02:00",
         rrule="FREQ=WEEKLY;BYDAY=TU"),
    case("maanantaisin klo 17.30", "2026-11-30T17:30:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=MO"),
    case("perjantaisin ja lauantaisin klo 19", "2026-11-27T19:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=FR,SA"),
    case("keskiviikkoisin", "2026-11-25", "2026-11-25", True, rrule="FREQ=WEEKLY;BYDAY=WE"),
    case("kuun ensimmäinen maanantai klo 18", "2026-12-07T18:00:00+02:00", None,
         rrule="FREQ=MONTHLY;BYDAY=1MO"),
    case("kuukauden ensimmäisenä maanantaina klo 18", "2026-12-07T18:00:00+02:00", None,
         rrule="FREQ=MONTHLY;BYDAY=1MO"),
    case("kuun viimeinen perjantai", "2026-11-27", "2026-11-27", True,
         rrule="FREQ=MONTHLY;BYDAY=-1FR"),
    case("every Wednesday at 10:00", "2026-11-25T10:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=WE"),
    case("Mondays 10am–12pm", "2026-11-30T10:00:00+02:00", "2026-11-30T12:00:00+02:00",
         rrule="FREQ=WEEKLY;BYDAY=MO"),
    case("first Monday of the month at 6pm", "2026-12-07T18:00:00+02:00", None,
         rrule="FREQ=MONTHLY;BYDAY=1MO"),
    case("every other week on Wednesdays 18:00", "2026-11-25T18:00:00+02:00", None,
         rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"),
    case("every other Tuesday at 18:00", "2026-12-01T18:00:00+02:00", None,
         rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
    case("Tuesdays and Thursdays 10–11am", "2026-11-26T10:00:00+02:00",
         "2026-11-26T11:00:00+02:00", rrule="FREQ=WEEKLY;BYDAY=TU,TH"),
    case("joka toinen keskiviikko 2.12. alkaen klo 17", "2026-12-02T17:00:00+02:00", None,
         rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"),
    case("joka tiistai klo 10 (ei 23.2.)", "2026-12-01T10:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TU", exdates=["2027-02-23T10:00:00+02:00"]),
    case("varannan tisdag kl. 13", "2026-12-01T13:00:00+02:00", None,
         rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
    case("joka toinen keskiviikko klo 17", "2026-11-25T17:00:00+02:00", None,
         rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"),
    # 3.9.2026 is a Thursday: the fortnights count from Tuesday 8.9.
    case("varannan tisdag från 3.9. kl 13", "2026-09-08T13:00:00+03:00", None,
         rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
    case("sunnuntaisin klo 09.00 - 11.30", "2026-11-29T09:00:00+02:00",
         "2026-11-29T11:30:00+02:00", rrule="FREQ=WEEKLY;BYDAY=SU"),
    # exceptions
    case("varje tisdag kl. 13 (ej 23.2)", "2026-12-01T13:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TU", exdates=["2027-02-23T13:00:00+02:00"]),
    case("varje torsdag kl. 10 (inte 24.12.)", "2026-11-26T10:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TH", exdates=["2026-12-24T10:00:00+02:00"]),
    case("tiistaisin klo 10 (paitsi 23.2.)", "2026-12-01T10:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TU", exdates=["2027-02-23T10:00:00+02:00"]),
    case("joka keskiviikko klo 18 (ei 23.12. ja 30.12.)", "2026-11-25T18:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=WE",
         exdates=["2026-12-23T18:00:00+02:00", "2026-12-30T18:00:00+02:00"]),
    case("every Tuesday at 10:00 except 2 Mar", "2026-12-01T10:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TU", exdates=["2027-03-02T10:00:00+02:00"]),
    case("varje tisdag kl. 13 (ej 22.12.–5.1.)", "2026-12-01T13:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TU",
         exdates=["2026-12-22T13:00:00+02:00", "2026-12-29T13:00:00+02:00",
                  "2027-01-05T13:00:00+02:00"]),
    case("på tisdagar (ej 23.2.)", "2026-12-01", "2026-12-01", True,
         rrule="FREQ=WEEKLY;BYDAY=TU", exdates=["2027-02-23"]),
    # validity windows
    case("tisdagar 1.9.–15.12. kl. 13–15", "2026-09-01T13:00:00+03:00",
         "2026-09-01T15:00:00+03:00", rrule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20261215T110000Z"),
    case("joka tiistai 1.9.–15.12.", "2026-09-01", "2026-09-01", True,
         rrule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20261215"),
    case("joka keskiviikko 3.9. alkaen klo 18", "2026-09-09T18:00:00+03:00", None,
         rrule="FREQ=WEEKLY;BYDAY=WE"),
    case("varje onsdag från 3.9.", "2026-09-09", "2026-09-09", True,
         rrule="FREQ=WEEKLY;BYDAY=WE"),
    case("joka tiistai klo 10 15.12. asti", "2026-12-01T10:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20261215T080000Z"),
    case("varje måndag kl. 18 (ej 7.12.) 30.11.–14.12.", "2026-11-30T18:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=MO;UNTIL=20261214T160000Z",
         exdates=["2026-12-07T18:00:00+02:00"]),
]

DST = [
    # 03:30 does not exist in Helsinki on 2025-03-30 (03:00 -> 04:00): moved forward
    case("30.3.2025 klo 3.30", "2025-03-30T04:30:00+03:00", None),
    case("30.3.2025 klo 2.30", "2025-03-30T02:30:00+02:00", None, id="Helsinki 02:30 exists"),
    case("30.3.2025 kl. 2.30", "2025-03-30T03:30:00+02:00", None, tz=STO),
    # the repeated autumn hour takes the first (summer-time) offset
    case("26.10.2025 klo 3.30", "2025-10-26T03:30:00+03:00", None),
    case("26.10.2025 kl. 2.30", "2025-10-26T02:30:00+02:00", None, tz=STO),
    case("1.3.2025 klo 12", "2025-03-01T12:00:00+02:00", None),
    case("1.4.2025 klo 12", "2025-04-01T12:00:00+03:00", None),
    case("1.3.2025 kl 12", "2025-03-01T12:00:00+01:00", None, tz=STO),
    case("1.4.2025 kl 12", "2025-04-01T12:00:00+02:00", None, tz=STO),
    case("27.10.2025 kl 12", "2025-10-27T12:00:00+01:00", None, tz=STO),
    case("25.10.2025 klo 22–02", "2025-10-25T22:00:00+03:00", "2025-10-26T02:00:00+03:00"),
    case("29.3.2025 kl. 23–04", "2025-03-29T23:00:00+01:00", "2025-03-30T04:00:00+02:00",
         tz=STO),
    # a weekly series in winter: the first occurrence carries the winter offset
    case("tisdagar kl. 13", "2026-12-01T13:00:00+01:00", None, rrule="FREQ=WEEKLY;BYDAY=TU",
         tz=STO, id="Stockholm series"),
]


def _month_cases():
    sv = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december"]
    sv_short = ["jan", "feb", "mars", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov",
                "dec"]
    en = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
    fi = ["tammikuuta", "helmikuuta", "maaliskuuta", "huhtikuuta", "toukokuuta", "kesäkuuta",
          "heinäkuuta", "elokuuta", "syyskuuta", "lokakuuta", "marraskuuta", "joulukuuta"]
    for number in range(1, 13):
        iso = f"2027-{number:02d}-03"
        yield day(f"3 {sv[number - 1]} 2027", iso)
        yield day(f"3 {sv_short[number - 1]} 2027", iso, id=f"3 {sv_short[number - 1]}. sv")
        yield day(f"3. {fi[number - 1]} 2027", iso)
        yield day(f"{en[number - 1]} 3, 2027", iso)


def _weekday_cases():
    """1.–7.12.2025 run Monday..Sunday; in 2026/2027 the same days fall otherwise."""
    words = [
        ("måndag", "mån", "må", "maanantai", "maanantaina", "ma", "Monday", "Mon"),
        ("tisdag", "tis", "ti", "tiistai", "tiistaina", "ti", "Tuesday", "Tue"),
        ("onsdag", "ons", "on", "keskiviikko", "keskiviikkona", "ke", "Wednesday", "Wed"),
        ("torsdag", "tors", "to", "torstai", "torstaina", "to", "Thursday", "Thu"),
        ("fredag", "fre", "fr", "perjantai", "perjantaina", "pe", "Friday", "Fri"),
        ("lördag", "lör", "lö", "lauantai", "lauantaina", "la", "Saturday", "Sat"),
        ("söndag", "sön", "sö", "sunnuntai", "sunnuntaina", "su", "Sunday", "Sun"),
    ]
    for offset, forms in enumerate(words):
        iso = (date(2025, 12, 1) + timedelta(days=offset)).isoformat()
        for word in dict.fromkeys(forms):
            lang = "sv" if word == "on" else None
            yield day(f"{word} {offset + 1}.12.", iso, lang=lang, id=f"{word} {offset + 1}.12.")


def _plural_cases():
    forms = [("måndagar", "maanantaisin", "Mondays", "MO", "2026-11-30"),
             ("tisdagar", "tiistaisin", "Tuesdays", "TU", "2026-12-01"),
             ("onsdagar", "keskiviikkoisin", "Wednesdays", "WE", "2026-11-25"),
             ("torsdagar", "torstaisin", "Thursdays", "TH", "2026-11-26"),
             ("fredagar", "perjantaisin", "Fridays", "FR", "2026-11-27"),
             ("lördagar", "lauantaisin", "Saturdays", "SA", "2026-11-28"),
             ("söndagar", "sunnuntaisin", "Sundays", "SU", "2026-11-29")]
    for *words, code, iso in forms:
        for word in words:
            yield case(f"{word} kl. 10", f"{iso}T10:00:00+02:00", None,
                       rrule=f"FREQ=WEEKLY;BYDAY={code}")


ALL = SINGLE + YEARS + SERIES + DST + list(_month_cases()) + list(_weekday_cases()) + \
    list(_plural_cases())


@pytest.mark.parametrize("text, lang, today, tz, expected", ALL)
def test_parse_when(text, lang, today, tz, expected):
    assert parse_when(text, lang=lang, today=today, tz=tz).to_json() == expected


REJECTS = ["", "   ", "hello", "ring oss", "2025", "13.45", "13.00-16.00",
           "AW Med Quiz! Från Kl.17.00", "31.2.", "31.2.2025", "30.2.", "12 €",
           "040 123 4567", "65100", "version 1.2.3", "Öppet 24/7", "1.5 km", "mars 2025",
           "14.6.–12.6.2025", "14.6.–12.6.", "15.3.–1.3.", "tisdagar 2.9.–7.9.2026",
           # opening-hours prose: generic day words need a time to be a series
           "Toimintakeskus on avoinna arkisin, ja kahvila palvelee lounasaikaan.",
           "Öppet vardagar.", "Öppet varje dag", "ti", "dec"]


@pytest.mark.parametrize("text", REJECTS)
def test_rejects(text):
    with pytest.raises(DateParseError) as info:
        parse_when(text, today=T)
    assert repr(text) in str(info.value)
    assert find_when(text, today=T) is None


def test_reject_messages_say_why():
    with pytest.raises(DateParseError, match="time without a day"):
        parse_when("13.00-16.00", today=T)
    with pytest.raises(DateParseError, match="not a date"):
        parse_when("31.2.", today=T)


@pytest.mark.parametrize("text, matched", [
    ("Seniorträffen samlas varje tisdag kl. 13–15 i församlingshemmet",
     "varje tisdag kl. 13–15"),
    ("Tuolijumppa joka tiistai klo 10–11", "joka tiistai klo 10–11"),
    ("Konsert fredag 4.12. kl. 19! Fri entré.", "fredag 4.12. kl. 19"),
    ("Tervetuloa! 12.–14.6.2025 Vaasassa", "12.–14.6.2025"),
])
def test_span(text, matched):
    result = parse_when(text, today=T)
    start, end = result.span
    assert text[start:end] == matched


def test_find_when_reads_prose():
    result = find_when("Välkomna! Vi ses tisdag 1.12. kl. 13 i biblioteket. Ring 040 123 4567.",
                       today=T)
    assert isinstance(result, ParsedWhen)
    assert result.to_json()["start"] == "2026-12-01T13:00:00+02:00"


def test_default_date_for_a_bare_time():
    result = parse_when("AW Med Quiz! Från Kl.17.00", today=T, default_date=date(2026, 11, 27))
    assert result.to_json()["start"] == "2026-11-27T17:00:00+02:00"
    assert result.end is None


def test_today_defaults_to_now():
    result = parse_when("varje tisdag kl. 13")
    assert result.start.date() >= date.today() - timedelta(days=1)


def test_fast_path_does_not_import_dateparser():
    code = ("import sys; from normalise.dates import parse_when\n"
            "for t in ['ti 4.3. klo 13–15', 'varje tisdag kl. 13', '12.–14.6.2025',"
            " 'April 12, 2025 2pm', 'kuun ensimmäinen maanantai']:\n"
            "    parse_when(t)\n"
            "assert 'dateparser' not in sys.modules, 'dateparser imported'\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=str(_root()))


def _root():
    from pathlib import Path
    return Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("text, start, rdates", [
    ("4.3. och 11.3. kl 18", "2027-03-04T18:00:00+02:00", ["2027-03-11T18:00:00+02:00"]),
    ("ti 1.12., to 3.12. ja ti 8.12. klo 10–12", "2026-12-01T10:00:00+02:00",
     ["2026-12-03T10:00:00+02:00", "2026-12-08T10:00:00+02:00"]),
    ("Dec 3 and Dec 10 at 6 pm", "2026-12-03T18:00:00+02:00", ["2026-12-10T18:00:00+02:00"]),
    ("lö 5.12 och sö 6.12", "2026-12-05", ["2026-12-06"]),
    # two showings on one day
    ("lö 5.12. kl. 13 och 15", "2026-12-05T13:00:00+02:00", ["2026-12-05T15:00:00+02:00"]),
    ("la 5.12. klo 12 ja 15.30", "2026-12-05T12:00:00+02:00", ["2026-12-05T15:30:00+02:00"]),
    ("Sat 5 Dec at 1 pm and 4 pm", "2026-12-05T13:00:00+02:00", ["2026-12-05T16:00:00+02:00"]),
    # bare days listed before a full date share its month
    ("9. ja 10.12. klo 18", "2026-12-09T18:00:00+02:00", ["2026-12-10T18:00:00+02:00"]),
    ("9., 16. ja 23.12. klo 13", "2026-12-09T13:00:00+02:00",
     ["2026-12-16T13:00:00+02:00", "2026-12-23T13:00:00+02:00"]),
    ("ti 8. ja to 10.12. kl 10", "2026-12-08T10:00:00+02:00", ["2026-12-10T10:00:00+02:00"]),
    ("den 9, 16 och 23 december kl. 13", "2026-12-09T13:00:00+02:00",
     ["2026-12-16T13:00:00+02:00", "2026-12-23T13:00:00+02:00"]),
    # a second session of the same length on the same day
    ("ti 8.12. kl. 9–11 ja 13–15", "2026-12-08T09:00:00+02:00", ["2026-12-08T13:00:00+02:00"]),
    ("kl. 9.00–11.00 och 13.00–15.00 ti 8.12.", "2026-12-08T09:00:00+02:00",
     ["2026-12-08T13:00:00+02:00"]),
    ("Sat 5 Dec 10am–12pm and 2–4pm", "2026-12-05T10:00:00+02:00", ["2026-12-05T14:00:00+02:00"]),
    ("ti 8.12. kl. 9–11 ja 13–16", "2026-12-08T09:00:00+02:00", []),   # not as long: no rdate
    # not days of the event: a later date that is not listed with the first, another time
    ("4.3. kl 18, anmälan senast 1.3.", "2027-03-04T18:00:00+02:00", []),
    ("4.3. kl 18, 5.3. kl 19", "2027-03-04T18:00:00+02:00", []),
    # not a second showing: a price, an age, a range's end
    ("4.12. kl 18 och 20 €", "2026-12-04T18:00:00+02:00", []),
    ("4.12. kl 18 och 5 år", "2026-12-04T18:00:00+02:00", []),
    ("4.12. klo 18–20 ja 21", "2026-12-04T18:00:00+02:00", []),
])
def test_several_listed_days_are_one_event_on_each(text, start, rdates):
    when = parse_when(text, today=T, tz=HEL)
    assert when.start.isoformat() == start
    assert [value.isoformat() for value in when.rdates] == rdates
    assert ("rdates" in when.to_json()) == bool(rdates)


# Named days of the church and civil year (normalise/holidays.py). Easter is 2027-03-28 and
# 2026-04-05; first Advent 2026-11-29 (the Sunday 27.11.-3.12.), 2027-11-28; midsummer eve
# 2027-06-25 (the Friday 19.-25.6.); All Saints' Day 2026-10-31, 2027-11-06 (the Saturday
# 31.10.-6.11.). Today 2026-11-25, window [2026-07-28, 2027-07-28]; Helsinki goes to +03:00
# on 2027-03-28, Stockholm to +02:00.
FEASTS = [
    day("första advent", "2026-11-29"),
    day("1:a advent", "2026-11-29"),
    day("1. adventtisunnuntai", "2026-11-29"),
    case("Messu 1. adventtisunnuntaina klo 10", "2026-11-29T10:00:00+02:00", None),
    day("tredje advent", "2026-12-13"),
    day("neljäs adventtisunnuntai", "2026-12-20"),
    day("the second Sunday of Advent", "2026-12-06"),
    case("Julbön på julafton kl. 14 i kyrkan", "2026-12-24T14:00:00+02:00", None),
    case("Julotta juldagen kl. 7", "2026-12-25T07:00:00+02:00", None),
    day("annandag jul", "2026-12-26"),
    day("nyårsdagen", "2027-01-01"),
    day("trettondagen", "2027-01-06"),
    case("jouluaattona klo 16", "2026-12-24T16:00:00+02:00", None),
    day("tapaninpäivänä", "2026-12-26"),
    day("uudenvuodenaaton", "2026-12-31", id="Finnish genitive -aaton"),
    day("loppiaisena", "2027-01-06"),
    day("långfredagen", "2027-03-26"),
    day("pitkäperjantai", "2027-03-26"),
    case("Påskdagens högmässa kl. 11", "2027-03-28T11:00:00+03:00", None),
    case("påskdagen kl 11", "2027-03-28T11:00:00+02:00", None, tz=STO),
    day("toinen pääsiäispäivä", "2027-03-29"),
    day("Kristi himmelsfärdsdag", "2027-05-06"),
    day("helatorstaina", "2027-05-06"),
    day("midsommarafton", "2027-06-25"),
    day("juhannusaatto", "2027-06-25"),
    day("allhelgonadagen", "2026-10-31"),
    day("pyhäinpäivä", "2026-10-31"),
    day("allhelgonadagen", "2027-11-06", today=date(2027, 6, 15), id="allhelgonadagen in June"),
    day("Good Friday", "2027-03-26"),
    case("Pitkänperjantain sanajumalanpalvelus klo 10", "2027-03-26T10:00:00+02:00", None),
    # the Annunciation, the Sunday 22.-28.3., is 28.3.2027, Easter Day: the Sunday before
    # Palm Sunday (21.3.) instead; in 2026 it is 22.3.
    day("Marian ilmestyspäivä", "2027-03-14"),
    day("Marie bebådelsedag 2026", "2026-03-22"),
    day("Christmas Eve", "2026-12-24"),
    # a year written after the name
    day("påskdagen 2026", "2026-04-05"),
    day("juhannusaatto 2026", "2026-06-19"),
    day("julafton 2027", "2027-12-24"),
    # beside a written date the date is read; a name in the title of another day stays apart
    case("Julotta juldagen 25.12. kl. 7", "2026-12-25T07:00:00+02:00", None),
    case("Vappu-tanssit 30.4. klo 19", "2027-04-30T19:00:00+03:00", None),
    case("Julbön på julafton kl 14. Anmälan senast 20.12.", "2026-12-24T14:00:00+02:00", None),
    # excluded from a series
    case("torsdagar kl. 10 (ej julafton)", "2026-11-26T10:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TH", exdates=["2026-12-24T10:00:00+02:00"]),
    case("joka torstai klo 10 paitsi helatorstaina", "2026-11-26T10:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TH", exdates=["2027-05-06T10:00:00+03:00"]),
]


@pytest.mark.parametrize("text, lang, today, tz, expected", FEASTS)
def test_feast_days(text, lang, today, tz, expected):
    assert parse_when(text, lang=lang, today=today, tz=tz).to_json() == expected


def test_listed_feast_days_are_one_event_on_each():
    when = parse_when("julafton och juldagen kl. 10", today=T)
    assert when.start.isoformat() == "2026-12-24T10:00:00+02:00"
    assert [value.isoformat() for value in when.rdates] == ["2026-12-25T10:00:00+02:00"]


TIMES = [
    # ISO: "-20:00" after a time is the range's end, not a UTC offset of -20 hours
    case("2026-12-09 18:00-20:00", "2026-12-09T18:00:00+02:00", "2026-12-09T20:00:00+02:00"),
    case("2025-04-12T14:00:00-04:00", "2025-04-12T21:00:00+03:00", None, id="ISO offset -04:00"),
    # a range whose end alone has the colon
    case("Tuesdays 10–11:30", "2026-12-01T10:00:00+02:00", "2026-12-01T11:30:00+02:00",
         rrule="FREQ=WEEKLY;BYDAY=TU"),
    case("ti 8.12. 9–10:45", "2026-12-08T09:00:00+02:00", "2026-12-08T10:45:00+02:00"),
    # "fram till", "ca"
    case("9.12. kl. 18 fram till 21", "2026-12-09T18:00:00+02:00", "2026-12-09T21:00:00+02:00"),
    case("9.12. kl. 18 fram till kl. 21", "2026-12-09T18:00:00+02:00",
         "2026-12-09T21:00:00+02:00"),
    case("9.12. kl. 18–ca 20", "2026-12-09T18:00:00+02:00", "2026-12-09T20:00:00+02:00"),
    # noon and midnight
    case("Dec 9 at noon", "2026-12-09T12:00:00+02:00", None),
    case("Dec 9 12 noon", "2026-12-09T12:00:00+02:00", None),
    case("Dec 9, noon to 2 pm", "2026-12-09T12:00:00+02:00", "2026-12-09T14:00:00+02:00"),
    case("Dec 9, 9 pm – midnight", "2026-12-09T21:00:00+02:00", "2026-12-10T00:00:00+02:00"),
    case("Dec 31 from 9 pm until midnight", "2026-12-31T21:00:00+02:00",
         "2027-01-01T00:00:00+02:00"),
    # a length after the time gives the end
    case("9.12. klo 12.00 (noin 2 h)", "2026-12-09T12:00:00+02:00", "2026-12-09T14:00:00+02:00"),
    case("ke 9.12. klo 13, kesto 1,5 h", "2026-12-09T13:00:00+02:00",
         "2026-12-09T14:30:00+02:00"),
    case("ke 9.12. klo 13, kesto 90 min", "2026-12-09T13:00:00+02:00",
         "2026-12-09T14:30:00+02:00"),
    case("on 9.12. kl. 10, längd 2 timmar", "2026-12-09T10:00:00+02:00",
         "2026-12-09T12:00:00+02:00"),
    case("Wed 9 Dec at 10:00 (duration 45 minutes)", "2026-12-09T10:00:00+02:00",
         "2026-12-09T10:45:00+02:00"),
    case("ti 8.12. klo 13 (1 h 30 min)", "2026-12-08T13:00:00+02:00",
         "2026-12-08T14:30:00+02:00"),
    case("tiistaisin klo 10 (1 h)", "2026-12-01T10:00:00+02:00", "2026-12-01T11:00:00+02:00",
         rrule="FREQ=WEEKLY;BYDAY=TU"),
    case("ti 8.12. kl 18 (10 min från stationen)", "2026-12-08T18:00:00+02:00", None,
         id="a walk of 10 min is no length"),
]


@pytest.mark.parametrize("text, lang, today, tz, expected", TIMES)
def test_times(text, lang, today, tz, expected):
    assert parse_when(text, lang=lang, today=today, tz=tz).to_json() == expected


MORE_SERIES = [
    case("varje månads sista onsdag kl. 18", "2026-11-25T18:00:00+02:00", None,
         rrule="FREQ=MONTHLY;BYDAY=-1WE"),
    case("månadens första måndag kl. 13", "2026-12-07T13:00:00+02:00", None,
         rrule="FREQ=MONTHLY;BYDAY=1MO"),
    case("tisdagar till och med 15.12. kl 10", "2026-12-01T10:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20261215T080000Z"),
    case("torsdagar 1.10. till och med 17.12. kl. 13", "2026-10-01T13:00:00+03:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TH;UNTIL=20261217T110000Z"),
    case("varje vecka på tisdag kl 10", "2026-12-01T10:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TU"),
    case("every week on Thursday at 2 pm", "2026-11-26T14:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TH"),
    day("9 febr. 2027", "2027-02-09"),
    case("every second Tuesday of the month at 6 pm", "2026-12-08T18:00:00+02:00", None,
         rrule="FREQ=MONTHLY;BYDAY=2TU"),
    case("varje torsdag kl. 14 fram till 17.12.", "2026-11-26T14:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TH;UNTIL=20261217T120000Z"),
]


@pytest.mark.parametrize("text, lang, today, tz, expected", MORE_SERIES)
def test_more_series(text, lang, today, tz, expected):
    assert parse_when(text, lang=lang, today=today, tz=tz).to_json() == expected


# Even and odd ISO weeks: 1.12.2026 is in week 49, 8.12. in week 50; 2026 has 53 weeks,
# so Tuesday 29.12.2026 (week 53) and 5.1.2027 (week 1) are odd weeks in a row.
_EVEN = "FREQ=YEARLY;BYWEEKNO=" + ",".join(str(n) for n in range(2, 53, 2))
_ODD = "FREQ=YEARLY;BYWEEKNO=" + ",".join(str(n) for n in range(1, 54, 2))
WEEK_PARITY = [
    case("tisdagar jämna veckor kl. 13", "2026-12-08T13:00:00+02:00", None,
         rrule=_EVEN + ";BYDAY=TU"),
    case("tisdagar udda veckor kl. 13", "2026-12-01T13:00:00+02:00", None,
         rrule=_ODD + ";BYDAY=TU"),
    case("tiistaisin parillisilla viikoilla klo 10", "2026-12-08T10:00:00+02:00", None,
         rrule=_EVEN + ";BYDAY=TU"),
    case("parittomilla viikoilla keskiviikkoisin klo 18", "2026-12-02T18:00:00+02:00", None,
         rrule=_ODD + ";BYDAY=WE"),
    case("odd weeks on Tuesdays at 1 pm", "2026-12-29T13:00:00+02:00", None,
         rrule=_ODD + ";BYDAY=TU", today=date(2026, 12, 20), id="odd week 53"),
]


@pytest.mark.parametrize("text, lang, today, tz, expected", WEEK_PARITY)
def test_even_and_odd_weeks(text, lang, today, tz, expected):
    assert parse_when(text, lang=lang, today=today, tz=tz).to_json() == expected


def test_odd_weeks_follow_the_week_numbers_over_a_53_week_year():
    from normalise.recurrence import expand
    when = parse_when("udda veckor tisdagar kl 13–14", today=date(2026, 12, 20))
    days = [start.date() for start, _ in expand(
        when.start, when.end, when.rrule, tz=HEL, window_start=date(2026, 12, 20),
        window_end=date(2027, 1, 31))]
    assert days == [date(2026, 12, 29), date(2027, 1, 5), date(2027, 1, 19)]


PARTS_OF_DAY = [
    case("tisdagskvällar kl. 18", "2026-12-01T18:00:00+02:00", None, rrule="FREQ=WEEKLY;BYDAY=TU"),
    case("onsdagsförmiddagar kl. 10–12", "2026-11-25T10:00:00+02:00",
         "2026-11-25T12:00:00+02:00", rrule="FREQ=WEEKLY;BYDAY=WE"),
    case("tiistai-iltaisin klo 18", "2026-12-01T18:00:00+02:00", None, rrule="FREQ=WEEKLY;BYDAY=TU"),
    case("keskiviikkoaamuisin klo 9", "2026-11-25T09:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=WE"),
    case("tisdagskvällen 8.12. kl 18", "2026-12-08T18:00:00+02:00", None),
    case("Tuesday evenings at 6", "2026-12-01T18:00:00+02:00", None, rrule="FREQ=WEEKLY;BYDAY=TU"),
    case("Tuesday evenings 6–8", "2026-12-01T18:00:00+02:00", "2026-12-01T20:00:00+02:00",
         rrule="FREQ=WEEKLY;BYDAY=TU"),
    case("Saturday nights 8–12", "2026-11-28T20:00:00+02:00", "2026-11-29T00:00:00+02:00",
         rrule="FREQ=WEEKLY;BYDAY=SA"),
    case("Wednesday mornings at 9.30", "2026-11-25T09:30:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=WE"),
]


@pytest.mark.parametrize("text, lang, today, tz, expected", PARTS_OF_DAY)
def test_weekdays_with_a_part_of_the_day(text, lang, today, tz, expected):
    assert parse_when(text, lang=lang, today=today, tz=tz).to_json() == expected


BREAKS = [
    # a break of a series excludes its days (22.12.2026, 29.12.2026 and 5.1.2027 are Tuesdays)
    case("tisdagar kl. 10 (paus 22.12.–5.1.)", "2026-12-01T10:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TU", exdates=["2026-12-22T10:00:00+02:00",
                                                "2026-12-29T10:00:00+02:00",
                                                "2027-01-05T10:00:00+02:00"]),
    case("tiistaisin klo 10 (tauko 22.12.–5.1.)", "2026-12-01T10:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TU", exdates=["2026-12-22T10:00:00+02:00",
                                                "2026-12-29T10:00:00+02:00",
                                                "2027-01-05T10:00:00+02:00"]),
    case("tisdagar kl 13, juluppehåll 22.12.–29.12.", "2026-12-01T13:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TU", exdates=["2026-12-22T13:00:00+02:00",
                                                "2026-12-29T13:00:00+02:00"]),
    case("tiistaisin klo 10 (ei joululomalla 21.12.–6.1.)", "2026-12-01T10:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TU", exdates=["2026-12-22T10:00:00+02:00",
                                                "2026-12-29T10:00:00+02:00",
                                                "2027-01-05T10:00:00+02:00"]),
    # without a series, the break's dates are the dates
    case("Jullov 21.12.–6.1.", "2026-12-21", "2027-01-06", True),
]


@pytest.mark.parametrize("text, lang, today, tz, expected", BREAKS)
def test_breaks_of_a_series(text, lang, today, tz, expected):
    assert parse_when(text, lang=lang, today=today, tz=tz).to_json() == expected


# ISO weeks: week 50 of 2026 is 7.-13.12., week 51 14.-20.12., week 53 28.12.-3.1.2027
# (2026 has 53 weeks), week 2 of 2027 11.-17.1., week 10 8.-14.3.
WEEKS = [
    case("vecka 50", "2026-12-07", "2026-12-13", True),
    case("viikko 53", "2026-12-28", "2027-01-03", True),
    case("vko 2/2027", "2027-01-11", "2027-01-17", True),
    case("vecka 52–2", "2026-12-21", "2027-01-17", True, id="weeks across a 53-week new year"),
    case("tisdag vecka 51 kl 13", "2026-12-15T13:00:00+02:00", None),
    case("v. 51 onsdag kl. 18", "2026-12-16T18:00:00+02:00", None),
    case("viikolla 51 keskiviikkona klo 18", "2026-12-16T18:00:00+02:00", None),
    case("week 50, Thursday at 2 pm", "2026-12-10T14:00:00+02:00", None),
    case("tisdagar v. 2–10 kl. 13", "2027-01-12T13:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20270314T110000Z"),
    case("vecka 50 kl 10–12", "2026-12-07T10:00:00+02:00", "2026-12-07T12:00:00+02:00",
         rrule="FREQ=DAILY;UNTIL=20261213T080000Z"),
    case("tisdagar kl 13 (ej v. 52)", "2026-12-01T13:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TU", exdates=["2026-12-22T13:00:00+02:00"]),
]


@pytest.mark.parametrize("text, lang, today, tz, expected", WEEKS)
def test_week_numbers(text, lang, today, tz, expected):
    assert parse_when(text, lang=lang, today=today, tz=tz).to_json() == expected


@pytest.mark.parametrize("text, message", [
    ("8.12.2026 klo 25", "'klo 25' is not a time of day"),
    ("ti 8.12. kl. 23.60", "'kl. 23.60' is not a time of day"),
    ("vecka 53 2027", "2027 has no week 53"),
    ("29.2.2027", "29.2.2027 is not a date"),
])
def test_errors_name_the_problem(text, message):
    with pytest.raises(DateParseError) as info:
        parse_when(text, today=T)
    assert message in str(info.value)


MORE_FORMS = [
    # one weekday before a range of a week or more: every such weekday in it (12.1.2027 is
    # a Tuesday); before a shorter range it names the first day
    case("ti 12.1.–27.4. klo 10–11", "2027-01-12T10:00:00+02:00", "2027-01-12T11:00:00+02:00",
         rrule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20270427T070000Z"),
    case("ti 8.–10.12. klo 9", "2026-12-08T09:00:00+02:00", None,
         rrule="FREQ=DAILY;UNTIL=20261210T070000Z"),
    case("alkaen ti 12.1. klo 10 joka viikko", "2027-01-12T10:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TU"),
    # "9–5" is office hours, not overnight; "20–02" still ends the next day
    case("every weekday 9–5", "2026-11-25T09:00:00+02:00", "2026-11-25T17:00:00+02:00",
         rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
    case("lö 5.12. kl. 20–02", "2026-12-05T20:00:00+02:00", "2026-12-06T02:00:00+02:00"),
    case("8th–10th December 2026", "2026-12-08", "2026-12-10", True),
    case("Start: 2026-12-08 13:00 End: 2026-12-10 15:00", "2026-12-08T13:00:00+02:00",
         "2026-12-10T15:00:00+02:00"),
    case("Alkaa: 8.12.2026 klo 13 Päättyy: 8.12.2026 klo 15", "2026-12-08T13:00:00+02:00",
         "2026-12-08T15:00:00+02:00"),
]


@pytest.mark.parametrize("text, lang, today, tz, expected", MORE_FORMS)
def test_more_forms(text, lang, today, tz, expected):
    assert parse_when(text, lang=lang, today=today, tz=tz).to_json() == expected


def test_month_first_lists_of_days():
    when = parse_when("December 9, 16 and 23 at 1 pm", today=T)
    assert when.start.isoformat() == "2026-12-09T13:00:00+02:00"
    assert [v.isoformat() for v in when.rdates] == ["2026-12-16T13:00:00+02:00",
                                                   "2026-12-23T13:00:00+02:00"]
    assert parse_when("Dec 9, 10–12", today=T).rdates == []      # a time, not 10 December


# months that bound a series (today 2026-11-25: December 2026 holds today, January-May 2026
# ended too long ago, so January-May is 2027's; 1.12.2026 and 5.1.2027 are Tuesdays,
# 6.1.2027 a Wednesday)
MONTH_WINDOWS = [
    case("joulukuussa tiistaisin klo 10", "2026-12-01T10:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20261231T080000Z"),
    case("tammi–toukokuussa keskiviikkoisin klo 13", "2027-01-06T13:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=WE;UNTIL=20270531T100000Z"),
    case("tammikuusta toukokuuhun keskiviikkoisin klo 13", "2027-01-06T13:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=WE;UNTIL=20270531T100000Z"),
    case("onsdagar kl 13 i januari–maj 2027", "2027-01-06T13:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=WE;UNTIL=20270531T100000Z"),
    case("Wednesdays from January to May at 1 pm", "2027-01-06T13:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=WE;UNTIL=20270531T100000Z"),
    case("keskiviikkoisin klo 18 toukokuun loppuun", "2026-11-25T18:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=WE;UNTIL=20270531T150000Z"),
    case("tiistaisin tammikuusta alkaen klo 10", "2027-01-05T10:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TU"),
    case("tisdagar till och med maj kl 10", "2026-12-01T10:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20270531T070000Z"),
    # a remark is not the series' months; a pause is months off (see MONTHS_OFF)
    case("tisdagar kl 13 i kyrkan, i maj även utomhus", "2026-12-01T13:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TU"),
]


@pytest.mark.parametrize("text, lang, today, tz, expected", MONTH_WINDOWS)
def test_months_that_bound_a_series(text, lang, today, tz, expected):
    assert parse_when(text, lang=lang, today=today, tz=tz).to_json() == expected


# numbers after a word that counts or prices things, and Bible references, are no dates or
# times (today 2026-11-25; 13.12.2026 is a Sunday, 12.12.2026 a Saturday)
@pytest.mark.parametrize("text", [
    "Sivu 12.3", "Lotto 7.12", "Versio 3.11 julkaistu", "Version 2.12 of the app is out",
    "Se sidan 12.3 i programbladet.", "Kohta 5.3: talousarvio", "§ 7.12 Budget",
    "Sali 2.12, 2. kerros", "Room 1.12, Main building", "Päivän teksti: Luuk. 2.1-14",
    "sivut 12.–14.6.", "Hinta 5.10", "12.50 €"])
def test_counted_numbers_are_no_dates(text):
    with pytest.raises(DateParseError, match="no date found"):
        parse_when(text, today=T)


@pytest.mark.parametrize("text, expected", [
    ("su 13.12. Evankeliumi Joh. 1:19–28", {"start": "2026-12-13", "end": "2026-12-13",
                                             "all_day": True, "rrule": None, "exdates": []}),
    ("La 12.12. Hinnat 3.50–5.00 €", {"start": "2026-12-12", "end": "2026-12-12",
                                      "all_day": True, "rrule": None, "exdates": []}),
    ("La 12.12. från 12.50 €", {"start": "2026-12-12", "end": "2026-12-12",
                                "all_day": True, "rrule": None, "exdates": []}),
    ("ti 8.12. kl. 18 i sal 2.12", {"start": "2026-12-08T18:00:00+02:00", "end": None,
                                    "all_day": False, "rrule": None, "exdates": []}),
])
def test_counted_numbers_beside_a_date_are_no_times(text, expected):
    assert parse_when(text, today=T).to_json() == expected


# a lone weekday inside a sentence tells of a day (news); heading a line, alone, or in an
# invitation it dates one (today 2026-11-25, a Wednesday: the next Monday is 30.11.)
@pytest.mark.parametrize("text", [
    "Kommunstyrelsen valde på måndagen en ny bibliotekschef.",
    "Valtuusto päätti maanantaina uuden koulun rakentamisesta.",
    "The council met on Monday.",
    "Måndagen inleddes med ett möte i fullmäktige.",
    "Kommunstyrelsen kom överens på måndagen om budgeten.",     # "kom" told, not invited
    "Valtuusto kokoontui maanantaina ja päätti asiasta.",
])
def test_a_lone_weekday_in_prose_is_no_date(text):
    with pytest.raises(DateParseError, match="weekday in running prose"):
        parse_when(text, today=T)
    assert find_when(text, today=T) is None


@pytest.mark.parametrize("text", [
    "Måndag: Dagklubb", "Maanantai – Perhekerho", "Monday: Yoga for seniors at the hall",
    "måndag", "Välkommen på måndag!", "Tervetuloa maanantaina kirjastoon satutuntiin",
    "Kom med på måndag och pröva på curling!",
])
def test_a_weekday_heading_a_line_or_in_an_invitation_dates_it(text):
    assert parse_when(text, today=T).to_json() == {
        "start": "2026-11-30", "end": "2026-11-30", "all_day": True, "rrule": None, "exdates": []}


def test_a_weekday_with_a_time_in_prose_dates_it():
    assert parse_when("Kören övar på måndagen kl. 18 i församlingshemmet som vanligt.",
                      today=T).start.isoformat() == "2026-11-30T18:00:00+02:00"


# a zone written after the time: the wall clock is that zone's, the answer is in `tz`
# (9.12.2026 is winter time: CET +01:00, Helsinki +02:00; 16.6.2027 summer time: +03:00)
ZONES = [
    case("9.12. kl. 18 CET", "2026-12-09T19:00:00+02:00", None),
    case("ons 9.12 kl. 18 (svensk tid)", "2026-12-09T19:00:00+02:00", None),
    case("to 10.12. klo 14 Suomen aikaa", "2026-12-10T13:00:00+01:00", None, tz=STO),
    case("to 10.12. klo 14 Suomen aikaa", "2026-12-10T14:00:00+02:00", None,
         id="Suomen aikaa in Helsinki"),
    case("Thu 10 Dec, 3 pm GMT", "2026-12-10T17:00:00+02:00", None),
    case("10.12. kl. 14.00–15.30 UTC", "2026-12-10T16:00:00+02:00", "2026-12-10T17:30:00+02:00"),
    case("16.6.2027 kl. 18 CEST", "2027-06-16T19:00:00+03:00", None),
    case("12.12. klo 12 EET", "2026-12-12T12:00:00+02:00", None),
    case("9.12. klo 18 UTC+3", "2026-12-09T17:00:00+02:00", None),
    case("tisdagar kl. 18 svensk tid", "2026-12-01T19:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TU"),
]


@pytest.mark.parametrize("text, lang, today, tz, expected", ZONES)
def test_zones_written_after_the_time(text, lang, today, tz, expected):
    assert parse_when(text, lang=lang, today=today, tz=tz).to_json() == expected


def test_a_written_zone_is_part_of_the_span():
    text = "Webbinarium ons 9.12 kl. 18 (svensk tid), anmälan på webben"
    start, end = parse_when(text, today=T).span
    assert text[start:end] == "ons 9.12 kl. 18 (svensk tid)"


# Mother's Day: the second Sunday of May in Finland (9.5.2027), the last in Sweden
# (30.5.2027); Father's Day the second Sunday of November in both (8.11.2026, in the window)
MOTHERS_AND_FATHERS = [
    day("mors dag", "2027-05-09", id="mors dag (Finland)"),
    day("mors dag", "2027-05-09", tz="Europe/Mariehamn", id="mors dag (Åland)"),
    day("Mors dag", "2027-05-30", tz=STO, id="mors dag (Sweden)"),
    day("morsdagen", "2027-05-30", tz=STO),
    day("äitienpäivä", "2027-05-09"),
    case("Äitienpäivän messu klo 10", "2027-05-09T10:00:00+03:00", None),
    case("Mors dags-gudstjänst kl. 10", "2027-05-09T10:00:00+03:00", None),
    case("Mother's Day brunch at 11 am", "2027-05-09T11:00:00+03:00", None),
    day("fars dag", "2026-11-08", tz=STO),
    day("isänpäivä", "2026-11-08"),
    day("Father's Day", "2026-11-08"),
]


@pytest.mark.parametrize("text, lang, today, tz, expected", MOTHERS_AND_FATHERS)
def test_mothers_and_fathers_day(text, lang, today, tz, expected):
    assert parse_when(text, lang=lang, today=today, tz=tz).to_json() == expected


# a weekday series "not on public holidays" leaves out each country's days off from its first
# day to its last, or for a year: in Finland 24.–25.12.2026 (Thu, Fri), 1.1. and 6.1.2027 (Fri,
# Wed), Good Friday 26.3., Easter Monday 29.3., Ascension 6.5., midsummer eve 25.6.2027; Sweden
# also New Year's Eve (Thu 31.12.2026); summer time from 28.3.2027
FI_DAYS_OFF = ["2026-12-24", "2026-12-25", "2027-01-01", "2027-01-06", "2027-03-26"]
FI_DAYS_OFF_SUMMER = ["2027-03-29", "2027-05-06", "2027-06-25"]
WEEKDAYS = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
DAYS_OFF = [
    case("helgfria vardagar kl. 9–15", "2026-11-25T09:00:00+02:00", "2026-11-25T15:00:00+02:00",
         rrule=WEEKDAYS, exdates=[f"{d}T09:00:00+02:00" for d in FI_DAYS_OFF]
         + [f"{d}T09:00:00+03:00" for d in FI_DAYS_OFF_SUMMER]),
    case("arkisin klo 8–16 (ei arkipyhinä)", "2026-11-25T08:00:00+02:00", "2026-11-25T16:00:00+02:00",
         rrule=WEEKDAYS, exdates=[f"{d}T08:00:00+02:00" for d in FI_DAYS_OFF]
         + [f"{d}T08:00:00+03:00" for d in FI_DAYS_OFF_SUMMER]),
    case("weekdays 9–5 except public holidays", "2026-11-25T09:00:00+02:00", "2026-11-25T17:00:00+02:00",
         rrule=WEEKDAYS, exdates=[f"{d}T09:00:00+02:00" for d in FI_DAYS_OFF]
         + [f"{d}T09:00:00+03:00" for d in FI_DAYS_OFF_SUMMER]),
    case("helgfria vardagar kl. 10", "2026-11-25T10:00:00+01:00", None, rrule=WEEKDAYS, tz=STO,
         exdates=[f"{d}T10:00:00+01:00" for d in ["2026-12-24", "2026-12-25", "2026-12-31",
                                                   "2027-01-01", "2027-01-06", "2027-03-26"]]
         + [f"{d}T10:00:00+02:00" for d in FI_DAYS_OFF_SUMMER]),
    case("onsdagar kl. 10 utom helgdagar (ej 9.12.)", "2026-11-25T10:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=WE", exdates=["2026-12-09T10:00:00+02:00", "2027-01-06T10:00:00+02:00"]),
    # a series with an end: only the days off in it (Easter Monday 29.3.2027)
    case("maanantaisin 11.1.–26.4.2027 klo 18 pyhäpäiviä lukuun ottamatta", "2027-01-11T18:00:00+02:00",
         None, rrule="FREQ=WEEKLY;BYDAY=MO;UNTIL=20270426T150000Z", exdates=["2027-03-29T18:00:00+03:00"]),
]


@pytest.mark.parametrize("text, lang, today, tz, expected", DAYS_OFF)
def test_series_without_public_holidays(text, lang, today, tz, expected):
    assert parse_when(text, lang=lang, today=today, tz=tz).to_json() == expected


def test_public_holidays_of_each_country():
    from normalise.holidays import public_holidays
    assert sorted(d.isoformat() for d in public_holidays(2027, "FI")) == [
        "2027-01-01", "2027-01-06", "2027-03-26", "2027-03-28", "2027-03-29", "2027-05-01",
        "2027-05-06", "2027-05-16", "2027-06-25", "2027-06-26", "2027-11-06", "2027-12-06",
        "2027-12-24", "2027-12-25", "2027-12-26"]
    assert public_holidays(2027, "SE") - public_holidays(2027, "FI") == {date(2027, 6, 6), date(2027, 12, 31)}
    assert public_holidays(2027, "FI") - public_holidays(2027, "SE") == {date(2027, 12, 6)}


# months a series pauses are exdates, on or after its first day (today 2026-11-25: the
# Tuesdays of December 2026 are 1, 8, 15, 22, 29; next summer is 2027's, summer time +03:00)
MONTHS_OFF = [
    case("tiistaisin klo 10 (joulukuussa ei kokoonnuta)", "2026-12-01T10:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TU",
         exdates=[f"2026-12-{d:02}T10:00:00+02:00" for d in (1, 8, 15, 22, 29)]),
    case("Kerho torstaisin klo 17–19, ei kesä–elokuussa", "2026-11-26T17:00:00+02:00",
         "2026-11-26T19:00:00+02:00", rrule="FREQ=WEEKLY;BYDAY=TH",
         exdates=[f"2027-{m}T17:00:00+03:00" for m in (
             "06-03", "06-10", "06-17", "06-24", "07-01", "07-08", "07-15", "07-22", "07-29",
             "08-05", "08-12", "08-19", "08-26")]),
    case("onsdagar kl. 18 (inte i juli)", "2026-11-25T18:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=WE", exdates=[f"2027-07-{d:02}T18:00:00+03:00" for d in (7, 14, 21, 28)]),
    case("Sundays at 4 pm, not in January", "2026-11-29T16:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=SU",
         exdates=[f"2027-01-{d:02}T16:00:00+02:00" for d in (3, 10, 17, 24, 31)]),
    # a pause after the months is no window of the series (it was: from July 2027)
    case("maanantaisin klo 10, heinäkuussa tauko", "2026-11-30T10:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=MO", exdates=[f"2027-07-{d:02}T10:00:00+03:00" for d in (5, 12, 19, 26)]),
    case("varje tisdag kl. 13, uppehåll i januari", "2026-12-01T13:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TU", exdates=[f"2027-01-{d:02}T13:00:00+02:00" for d in (5, 12, 19, 26)]),
]


@pytest.mark.parametrize("text, lang, today, tz, expected", MONTHS_OFF)
def test_months_a_series_pauses(text, lang, today, tz, expected):
    assert parse_when(text, lang=lang, today=today, tz=tz).to_json() == expected


# terms bound a series by convention: autumn 1.9.–15.12., spring 7.1.–31.5., summer season
# 1.6.–31.8.; a term under way runs from today (25.11.2026: the next Tuesday is 1.12.)
TERMS = [
    case("syyskaudella tiistaisin klo 10", "2026-12-01T10:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20261215T080000Z"),
    case("Mieskuoro maanantaisin klo 18–20 syyskaudella", "2026-11-30T18:00:00+02:00",
         "2026-11-30T20:00:00+02:00", rrule="FREQ=WEEKLY;BYDAY=MO;UNTIL=20261215T160000Z"),
    case("Kevätkaudella tiistaisin klo 10–11.30", "2027-01-12T10:00:00+02:00", "2027-01-12T11:30:00+02:00",
         rrule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20270531T070000Z"),
    case("Under vårterminen träffas vi torsdagar kl. 14", "2027-01-07T14:00:00+02:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TH;UNTIL=20270531T110000Z"),
    case("Spring term: Thursdays 5–6 pm", "2027-01-07T17:00:00+02:00", "2027-01-07T18:00:00+02:00",
         rrule="FREQ=WEEKLY;BYDAY=TH;UNTIL=20270531T140000Z"),
    case("höstterminen 2027 tisdagar kl. 18", "2027-09-07T18:00:00+03:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20271215T160000Z"),
    case("kesäkaudella lauantaisin klo 10", "2027-06-05T10:00:00+03:00", None,
         rrule="FREQ=WEEKLY;BYDAY=SA;UNTIL=20270831T070000Z"),
    case("syyskaudella tiistaisin klo 10", "2027-09-07T10:00:00+03:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20271215T080000Z", today=date(2027, 6, 15),
         id="syyskaudella (today 2027-06-15)"),
    # written dates outrank the term
    case("syyskaudella tiistaisin 1.9.–8.12. klo 10", "2026-09-01T10:00:00+03:00", None,
         rrule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20261208T080000Z"),
]


@pytest.mark.parametrize("text, lang, today, tz, expected", TERMS)
def test_terms_bound_a_series(text, lang, today, tz, expected):
    assert parse_when(text, lang=lang, today=today, tz=tz).to_json() == expected


@pytest.mark.parametrize("text", ["hiihtolomaviikolla", "hiihtolomaviikolla klo 10", "sportlovsveckan"])
def test_the_winter_holiday_week_is_not_read(text):
    with pytest.raises(DateParseError, match="differs by region"):
        parse_when(text, today=T)


def rule(start, end, all_day=False, rrule=None, exdates=()):
    return {"start": start, "end": end, "all_day": all_day, "rrule": rrule, "exdates": list(exdates)}


# one event, several rules: the first is the answer, the others `also` (today 2026-11-25 is a
# Wednesday: the next Thursday is 26.11., Friday 27.11., Monday 30.11.)
ALSO = [
    ("mån-tors 9-15, fre 9-13",
     rule("2026-11-25T09:00:00+02:00", "2026-11-25T15:00:00+02:00", rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH"),
     [rule("2026-11-27T09:00:00+02:00", "2026-11-27T13:00:00+02:00", rrule="FREQ=WEEKLY;BYDAY=FR")]),
    ("ma klo 10 ja to klo 14",
     rule("2026-11-30T10:00:00+02:00", None, rrule="FREQ=WEEKLY;BYDAY=MO"),
     [rule("2026-11-26T14:00:00+02:00", None, rrule="FREQ=WEEKLY;BYDAY=TH")]),
    ("Mondays 10–11am and Wednesdays 6–7pm",
     rule("2026-11-30T10:00:00+02:00", "2026-11-30T11:00:00+02:00", rrule="FREQ=WEEKLY;BYDAY=MO"),
     [rule("2026-11-25T18:00:00+02:00", "2026-11-25T19:00:00+02:00", rrule="FREQ=WEEKLY;BYDAY=WE")]),
    ("maanantaisin ja keskiviikkoisin klo 17–18, perjantaisin klo 15–16",
     rule("2026-11-25T17:00:00+02:00", "2026-11-25T18:00:00+02:00", rrule="FREQ=WEEKLY;BYDAY=MO,WE"),
     [rule("2026-11-27T15:00:00+02:00", "2026-11-27T16:00:00+02:00", rrule="FREQ=WEEKLY;BYDAY=FR")]),
    # a window bounds every rule (12.1.2027 is a Tuesday, 14.1. a Thursday)
    ("tiistaisin klo 10 ja torstaisin klo 18 12.1.–27.4.2027",
     rule("2027-01-12T10:00:00+02:00", None, rrule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20270427T070000Z"),
     [rule("2027-01-14T18:00:00+02:00", None, rrule="FREQ=WEEKLY;BYDAY=TH;UNTIL=20270427T150000Z")]),
    # an exception is the rule's whose day it is (28.12.2026 is a Monday)
    ("måndagar kl 10 (ej 28.12.), onsdagar kl 18",
     rule("2026-11-30T10:00:00+02:00", None, rrule="FREQ=WEEKLY;BYDAY=MO", exdates=["2026-12-28T10:00:00+02:00"]),
     [rule("2026-11-25T18:00:00+02:00", None, rrule="FREQ=WEEKLY;BYDAY=WE")]),
    # a day without a time ("su suljettu") is no rule; it made the whole list unread
    ("ma–pe klo 9–15, la klo 10–14, su suljettu",
     rule("2026-11-25T09:00:00+02:00", "2026-11-25T15:00:00+02:00", rrule=WEEKDAYS),
     [rule("2026-11-28T10:00:00+02:00", "2026-11-28T14:00:00+02:00", rrule="FREQ=WEEKLY;BYDAY=SA")]),
    # dates with times of their own (the second was lost)
    ("ti 8.12. kl 10 ja to 10.12. kl 12", rule("2026-12-08T10:00:00+02:00", None),
     [rule("2026-12-10T12:00:00+02:00", None)]),
    ("la 12.12. klo 10–14 och sö 13.12. kl. 12–16",
     rule("2026-12-12T10:00:00+02:00", "2026-12-12T14:00:00+02:00"),
     [rule("2026-12-13T12:00:00+02:00", "2026-12-13T16:00:00+02:00")]),
    # several ranges: each as the first is read (only the first was)
    ("8.–9.12. och 15.–16.12. kl. 10–12",
     rule("2026-12-08T10:00:00+02:00", "2026-12-08T12:00:00+02:00", rrule="FREQ=DAILY;UNTIL=20261209T080000Z"),
     [rule("2026-12-15T10:00:00+02:00", "2026-12-15T12:00:00+02:00", rrule="FREQ=DAILY;UNTIL=20261216T080000Z")]),
    ("Kurs 5.–6.12. och 12.–13.12.", rule("2026-12-05", "2026-12-06", True),
     [rule("2026-12-12", "2026-12-13", True)]),
]


@pytest.mark.parametrize("text, first, also", ALSO, ids=[text for text, *_ in ALSO])
def test_several_rules_of_one_event(text, first, also):
    answer = parse_when(text, today=T).to_json()
    assert answer.pop("also") == also
    assert answer == first


@pytest.mark.parametrize("text", [
    "tisdagar kl 10, anmälan senast fredag kl 12",      # a deadline, not a further rule
    "ma ja to klo 10",                                  # one rule on both days
    "4.3. och 11.3. kl. 18",                            # listed days at one time: rdates
    "tisdagar och torsdagar kl. 10–11 fr.o.m. 12.1.",
])
def test_one_rule_has_no_also(text):
    assert "also" not in parse_when(text, today=T).to_json()


# a dotted time after weekdays whose minutes are no month is a time, not a date that was
# never read ("every Thursday 11.30–13" was an all-day Thursday); 26.11.2026 is a Thursday
@pytest.mark.parametrize("text, lang, today, tz, expected", [
    case("Lunch for seniors every Thursday 11.30–13", "2026-11-26T11:30:00+02:00",
         "2026-11-26T13:00:00+02:00", rrule="FREQ=WEEKLY;BYDAY=TH"),
    case("tisdagar 11.30–13", "2026-12-01T11:30:00+02:00", "2026-12-01T13:00:00+02:00",
         rrule="FREQ=WEEKLY;BYDAY=TU"),
    case("mån–fre 6.30–20", "2026-11-25T06:30:00+02:00", "2026-11-25T20:00:00+02:00",
         rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
])
def test_dotted_times_after_weekdays(text, lang, today, tz, expected):
    assert parse_when(text, lang=lang, today=today, tz=tz).to_json() == expected


def test_a_break_ending_on_a_bare_day_is_no_crash():
    # "22.12.–5." (a bare day, no month) after a pause word raised a TypeError (fuzzing)
    when = parse_when("tisdagar kl. 10 (paus 22.12.–5.,1.)", today=date(2028, 6, 3))
    assert when.rrule == "FREQ=WEEKLY;BYDAY=TU"


# ---------------------------------------------------------------------------------------
# Round 3 (today 2026-12-02, a Wednesday; window 2026-08-04 .. 2027-08-04)
R3 = date(2026, 12, 2)


def r3(text, start, end, all_day=False, rrule=None, exdates=(), *, tz=HEL, id=None):
    return case(text, start, end, all_day, rrule, exdates, today=R3, tz=tz, id=id)


def r3day(text, iso, last=None, **kw):
    return r3(text, iso, last or iso, True, **kw)


def r3check(text, lang, today, tz, expected):
    assert parse_when(text, lang=lang, today=today, tz=tz).to_json() == expected


# the Finnish month stem alone beside a day, as date badges and Modern Events Calendar print
# it ("no date found" / "a time without a day")
@pytest.mark.parametrize("text, lang, today, tz, expected", [
    r3day("07 joulu 2026", "2026-12-07"),
    r3("20 tammi 2027 klo 18", "2027-01-20T18:00:00+02:00", None),
    r3day("5 helmi", "2027-02-05"),
    r3day("14 elo", "2026-08-14"),                   # 110 days back: this year
    r3day("07 joulu.", "2026-12-07"),
    r3day("08\njoulu\n2026", "2026-12-08"),
    r3day("joulu 12", "2026-12-12"),
    r3("ke 09 joulu klo 18", "2026-12-09T18:00:00+02:00", None),
])
def test_finnish_month_stems_beside_a_day(text, lang, today, tz, expected):
    r3check(text, lang, today, tz, expected)


@pytest.mark.parametrize("text", ["huhti", "Joulu 2026", "kesä 2027", "Yli 20 kesätyöntekijää"])
def test_a_finnish_month_stem_alone_is_no_date(text):
    with pytest.raises(DateParseError):
        parse_when(text, today=R3)


# a month as the start of a series, written away from its weekdays or with a colon between,
# or as "från och med", "tammikuun alusta", "starting in": from its first day (the series
# started today, or "starting in January" ended with January)
@pytest.mark.parametrize("text, lang, today, tz, expected", [
    r3("Från och med januari har seniorerna egen simtid varje fredag kl. 8–9",
       "2027-01-01T08:00:00+02:00", "2027-01-01T09:00:00+02:00", rrule="FREQ=WEEKLY;BYDAY=FR"),
    r3("Torsdagar kl. 17 från och med mars", "2027-03-04T17:00:00+02:00", None,
       rrule="FREQ=WEEKLY;BYDAY=TH"),
    r3("Lauantaisin klo 10 tammikuun alusta", "2027-01-02T10:00:00+02:00", None,
       rrule="FREQ=WEEKLY;BYDAY=SA"),
    r3("Starting in January, Mondays at 6 pm", "2027-01-04T18:00:00+02:00", None,
       rrule="FREQ=WEEKLY;BYDAY=MO"),
    r3("From February: Saturdays 10–12", "2027-02-06T10:00:00+02:00", "2027-02-06T12:00:00+02:00",
       rrule="FREQ=WEEKLY;BYDAY=SA"),
    r3("januari–mars: torsdagar kl. 18", "2027-01-07T18:00:00+02:00", None,
       rrule="FREQ=WEEKLY;BYDAY=TH;UNTIL=20270331T150000Z"),
])
def test_a_month_starts_a_series(text, lang, today, tz, expected):
    r3check(text, lang, today, tz, expected)


# times written before the weekdays they are on: one rule each (was one rule on all the
# days at the first time)
@pytest.mark.parametrize("text, first, also", [
    ("klo 10 maanantaisin ja klo 14 torstaisin",
     rule("2026-12-07T10:00:00+02:00", None, rrule="FREQ=WEEKLY;BYDAY=MO"),
     [rule("2026-12-03T14:00:00+02:00", None, rrule="FREQ=WEEKLY;BYDAY=TH")]),
    ("at 10 am on Mondays and at 2 pm on Thursdays",
     rule("2026-12-07T10:00:00+02:00", None, rrule="FREQ=WEEKLY;BYDAY=MO"),
     [rule("2026-12-03T14:00:00+02:00", None, rrule="FREQ=WEEKLY;BYDAY=TH")]),
    ("klo 10 ma ja ke, klo 14 pe",
     rule("2026-12-02T10:00:00+02:00", None, rrule="FREQ=WEEKLY;BYDAY=MO,WE"),
     [rule("2026-12-04T14:00:00+02:00", None, rrule="FREQ=WEEKLY;BYDAY=FR")]),
])
def test_times_before_their_weekdays(text, first, also):
    answer = parse_when(text, today=R3).to_json()
    assert answer.pop("also") == also
    assert answer == first


# a series written in another zone is a series in the source's zone: its weekday follows the
# converted time (BYDAY stayed the text's while DTSTART moved to the next day), and its
# exdates are at the series' wall time (a fixed offset's summer exdate missed it by an hour)
@pytest.mark.parametrize("text, lang, today, tz, expected", [
    r3("tisdagar kl. 23.30 UTC", "2026-12-02T01:30:00+02:00", None, rrule="FREQ=WEEKLY;BYDAY=WE"),
    r3("tisdagar kl. 23.30 UTC", "2026-12-02T00:30:00+01:00", None, rrule="FREQ=WEEKLY;BYDAY=WE",
       tz=STO, id="23.30 UTC in Stockholm"),
    r3("Mondays 0:30 EEST", "2026-12-06T23:30:00+02:00", None, rrule="FREQ=WEEKLY;BYDAY=SU"),
    r3("tisdagar och torsdagar kl. 23 UTC", "2026-12-02T01:00:00+02:00", None,
       rrule="FREQ=WEEKLY;BYDAY=WE,FR"),
    r3("tisdagar kl. 23.30 UTC (ej 22.12.)", "2026-12-02T01:30:00+02:00", None,
       rrule="FREQ=WEEKLY;BYDAY=WE", exdates=["2026-12-23T01:30:00+02:00"]),
    r3("onsdagar kl. 18 CET (ej 16.6.)", "2026-12-02T19:00:00+02:00", None,
       rrule="FREQ=WEEKLY;BYDAY=WE", exdates=["2027-06-16T19:00:00+03:00"]),
])
def test_a_series_in_a_written_zone_is_on_the_days_here(text, lang, today, tz, expected):
    r3check(text, lang, today, tz, expected)


# fields of a table or badge joined by " | ", a label or a line break (the time was lost:
# all day), and the next date of a list is no time ("8.12., 15.12." was 8.12. at 15:12)
@pytest.mark.parametrize("text, lang, today, tz, expected", [
    r3("ti | 8.12. | 18.00", "2026-12-08T18:00:00+02:00", None),
    r3("ke 9.12. | 18.00 | Pääkirjasto", "2026-12-09T18:00:00+02:00", None),
    r3("Datum: 8.12.2026 Tid: 18.00", "2026-12-08T18:00:00+02:00", None),
    r3("Päivä: ti 8.12.\nKlo: 18–20", "2026-12-08T18:00:00+02:00", "2026-12-08T20:00:00+02:00"),
    r3day("08 | joulu", "2026-12-08"),
])
def test_fields_of_a_table_or_badge(text, lang, today, tz, expected):
    r3check(text, lang, today, tz, expected)


def test_the_next_date_of_a_list_is_no_time():
    when = parse_when("8.12., 15.12. ja 22.12.2026 klo 18", today=R3).to_json()
    assert when["start"] == "2026-12-08T18:00:00+02:00"
    assert when["rdates"] == ["2026-12-15T18:00:00+02:00", "2026-12-22T18:00:00+02:00"]


# clock forms of other pages and machines: four digits after a clock word, French hours,
# seconds and RFC 2822's numeric offset (all were read as all-day dates)
@pytest.mark.parametrize("text, lang, today, tz, expected", [
    r3("ti 8.12. kl 1800", "2026-12-08T18:00:00+02:00", None),
    r3("8.12. kl. 1800–2000", "2026-12-08T18:00:00+02:00", "2026-12-08T20:00:00+02:00"),
    r3("to 10.12. 18h30", "2026-12-10T18:30:00+02:00", None),
    r3("Fri 11 Dec, 18h–20h", "2026-12-11T18:00:00+02:00", "2026-12-11T20:00:00+02:00"),
    r3("to 10.12. 18h", "2026-12-10T18:00:00+02:00", None),
    r3day("ti 8.12. 2h", "2026-12-08"),                 # a length, not two o'clock
    r3("Tue, 08 Dec 2026 18:00:00 +0200", "2026-12-08T18:00:00+02:00", None),
    r3("Tue, 8 Dec 2026 16:00:00 +0000", "2026-12-08T18:00:00+02:00", None),
    r3("Tue, 08 Dec 2026 16:00:00 GMT", "2026-12-08T18:00:00+02:00", None),
    r3("Fri, 01 Jan 2027 00:00:00 +0000", "2027-01-01T02:00:00+02:00", None),
])
def test_clock_forms_of_other_pages(text, lang, today, tz, expected):
    r3check(text, lang, today, tz, expected)


# seasons in words bound a series as the terms do (autumn 1.9.–15.12., spring 7.1.–31.5.,
# summer 1.6.–31.8.; a season under way from today): they were not read
@pytest.mark.parametrize("text, lang, today, tz, expected", [
    r3("Tisdagar kl. 18 hela hösten", "2026-12-08T18:00:00+02:00", None,
       rrule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20261215T160000Z"),
    r3("Under våren träffas vi onsdagar kl. 17", "2027-01-13T17:00:00+02:00", None,
       rrule="FREQ=WEEKLY;BYDAY=WE;UNTIL=20270531T140000Z"),
    r3("Onsdagar kl 18 i vår", "2027-01-13T18:00:00+02:00", None,
       rrule="FREQ=WEEKLY;BYDAY=WE;UNTIL=20270531T150000Z"),
    r3("Keväällä torstaisin klo 17", "2027-01-07T17:00:00+02:00", None,
       rrule="FREQ=WEEKLY;BYDAY=TH;UNTIL=20270531T140000Z"),
    r3("Kesällä keskiviikkoisin klo 18", "2027-06-02T18:00:00+03:00", None,
       rrule="FREQ=WEEKLY;BYDAY=WE;UNTIL=20270831T150000Z"),
    r3("Spring 2027: Tuesdays 6 pm", "2027-01-12T18:00:00+02:00", None,
       rrule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20270531T150000Z"),
    r3("Syksyllä 2027 torstaisin klo 18", "2027-09-02T18:00:00+03:00", None,
       rrule="FREQ=WEEKLY;BYDAY=TH;UNTIL=20271215T160000Z"),
    # "i vår kyrka" is "in our church"
    r3("tisdagar kl 18 i vår kyrka", "2026-12-08T18:00:00+02:00", None, rrule="FREQ=WEEKLY;BYDAY=TU"),
])
def test_seasons_in_words_bound_a_series(text, lang, today, tz, expected):
    r3check(text, lang, today, tz, expected)


# every day: "alla dagar", a bare time after the word, every day but some weekdays (a weekly
# series on the others: "joka päivä paitsi sunnuntaisin" was Sundays only), every weekend
@pytest.mark.parametrize("text, lang, today, tz, expected", [
    r3("alla dagar kl. 10–18", "2026-12-02T10:00:00+02:00", "2026-12-02T18:00:00+02:00",
       rrule="FREQ=DAILY"),
    r3("Avoinna päivittäin 10–18", "2026-12-02T10:00:00+02:00", "2026-12-02T18:00:00+02:00",
       rrule="FREQ=DAILY"),
    r3("joka päivä paitsi sunnuntaisin klo 10–18", "2026-12-02T10:00:00+02:00",
       "2026-12-02T18:00:00+02:00", rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA"),
    r3("daily except Mondays 11am–5pm", "2026-12-02T11:00:00+02:00", "2026-12-02T17:00:00+02:00",
       rrule="FREQ=WEEKLY;BYDAY=TU,WE,TH,FR,SA,SU"),
    r3("varje dag utom lördag och söndag kl 9–15", "2026-12-02T09:00:00+02:00",
       "2026-12-02T15:00:00+02:00", rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
    r3("varje helg kl. 10–14", "2026-12-05T10:00:00+02:00", "2026-12-05T14:00:00+02:00",
       rrule="FREQ=WEEKLY;BYDAY=SA,SU"),
])
def test_every_day_and_every_day_but(text, lang, today, tz, expected):
    r3check(text, lang, today, tz, expected)


# lists of exceptions: "eikä" joins them (7.1. became the series' start and the others fell
# a year on), what is not held may stand before them ("no class 24 Dec" was the start), and
# a lone weekday whose exceptions fall on it is a series (it was one Monday)
@pytest.mark.parametrize("text, lang, today, tz, expected", [
    r3("torstaisin klo 18 (ei 24.12., 31.12. eikä 7.1.)", "2026-12-03T18:00:00+02:00", None,
       rrule="FREQ=WEEKLY;BYDAY=TH", exdates=["2026-12-24T18:00:00+02:00", "2026-12-31T18:00:00+02:00",
                                              "2027-01-07T18:00:00+02:00"]),
    r3("Thursdays 10–11 (no class 24 Dec or 31 Dec)", "2026-12-03T10:00:00+02:00",
       "2026-12-03T11:00:00+02:00", rrule="FREQ=WEEKLY;BYDAY=TH",
       exdates=["2026-12-24T10:00:00+02:00", "2026-12-31T10:00:00+02:00"]),
    r3("onsdagar kl 18, ingen träff 23.12.", "2026-12-02T18:00:00+02:00", None,
       rrule="FREQ=WEEKLY;BYDAY=WE", exdates=["2026-12-23T18:00:00+02:00"]),
    r3("ma klo 10 (ei 28.12. ja 4.1.)", "2026-12-07T10:00:00+02:00", None, rrule="FREQ=WEEKLY;BYDAY=MO",
       exdates=["2026-12-28T10:00:00+02:00", "2027-01-04T10:00:00+02:00"]),
    # 24.12. is a Thursday: no exception of Fridays, the Friday stays one day
    r3("Konsert fredag kl 19. Ej 24.12.", "2026-12-04T19:00:00+02:00", None),
])
def test_lists_of_exceptions(text, lang, today, tz, expected):
    r3check(text, lang, today, tz, expected)


# a block of opening hours, each line or field weekdays with a time of their own (read as one
# rule on all the days at the first time)
@pytest.mark.parametrize("text, first, also", [
    ("Aukioloajat:\nma–to 9–19\npe 9–16\nla 10–14",
     rule("2026-12-02T09:00:00+02:00", "2026-12-02T19:00:00+02:00", rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH"),
     [rule("2026-12-04T09:00:00+02:00", "2026-12-04T16:00:00+02:00", rrule="FREQ=WEEKLY;BYDAY=FR"),
      rule("2026-12-05T10:00:00+02:00", "2026-12-05T14:00:00+02:00", rrule="FREQ=WEEKLY;BYDAY=SA")]),
    ("ma-pe klo 8.00-16.00 | la klo 10.00-14.00",
     rule("2026-12-02T08:00:00+02:00", "2026-12-02T16:00:00+02:00", rrule=WEEKDAYS),
     [rule("2026-12-05T10:00:00+02:00", "2026-12-05T14:00:00+02:00", rrule="FREQ=WEEKLY;BYDAY=SA")]),
    ("Ma–Pe 7–21 La–Su 9–18",
     rule("2026-12-02T07:00:00+02:00", "2026-12-02T21:00:00+02:00", rrule=WEEKDAYS),
     [rule("2026-12-05T09:00:00+02:00", "2026-12-05T18:00:00+02:00", rrule="FREQ=WEEKLY;BYDAY=SA,SU")]),
])
def test_a_block_of_opening_hours(text, first, also):
    answer = parse_when(text, today=R3).to_json()
    assert answer.pop("also") == also
    assert answer == first


# other weekdays at both ends of a long range name its ends: a span (it was a weekly series
# on the first one's weekday); the same weekday at both still makes the weekly series
@pytest.mark.parametrize("text, lang, today, tz, expected", [
    r3day("ma 28.12. – su 3.1.", "2026-12-28", "2027-01-03"),
    r3("ti 12.1.–ti 27.4.", "2027-01-12", "2027-01-12", True, rrule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20270427"),
])
def test_weekdays_at_both_ends_of_a_range(text, lang, today, tz, expected):
    r3check(text, lang, today, tz, expected)


# "between … and …" is a range (it was the first time and a second showing at the other)
@pytest.mark.parametrize("text, lang, today, tz, expected", [
    r3("12.12. mellan kl. 10 och 14", "2026-12-12T10:00:00+02:00", "2026-12-12T14:00:00+02:00"),
    r3("Sat 12 Dec between 10am and 2pm", "2026-12-12T10:00:00+02:00", "2026-12-12T14:00:00+02:00"),
    r3("la 12.12. klo 10 ja 14 välillä", "2026-12-12T10:00:00+02:00", "2026-12-12T14:00:00+02:00"),
    r3day("mellan 5 och 10 deltagare 12.12.", "2026-12-12"),     # a number of people
])
def test_between_two_times_is_a_range(text, lang, today, tz, expected):
    r3check(text, lang, today, tz, expected)


def test_a_length_after_a_start_word():
    # "alkaen" between the time and its length: the length was not read
    when = parse_when("12.12. klo 18.00 alkaen, n. 3 h", today=R3)
    assert (when.start.isoformat(), when.end.isoformat()) == (
        "2026-12-12T18:00:00+02:00", "2026-12-12T21:00:00+02:00")


# days listed with an ordinal ending share the month of the last ("8:e och 9:e december" was
# the 9th alone)
@pytest.mark.parametrize("text, rdates", [
    ("den 8:e och 9:e december", ["2026-12-09"]),
    ("8th and 9th December", ["2026-12-09"]),
])
def test_listed_days_with_ordinal_endings(text, rdates):
    when = parse_when(text, today=R3).to_json()
    assert (when["start"], when["rdates"]) == ("2026-12-08", rdates)


# a compound's first half with its ending left to the last word ("tiistai- ja torstai-
# iltaisin" was Thursdays only)
@pytest.mark.parametrize("text, lang, today, tz, expected", [
    r3("tiistai- ja torstai-iltaisin klo 18", "2026-12-03T18:00:00+02:00", None,
       rrule="FREQ=WEEKLY;BYDAY=TU,TH"),
    r3("måndags- och onsdagskvällar kl. 19", "2026-12-02T19:00:00+02:00", None,
       rrule="FREQ=WEEKLY;BYDAY=MO,WE"),
    r3("tis- och torsdagar kl 18", "2026-12-03T18:00:00+02:00", None, rrule="FREQ=WEEKLY;BYDAY=TU,TH"),
])
def test_weekdays_of_an_elided_compound(text, lang, today, tz, expected):
    r3check(text, lang, today, tz, expected)


# a slashed date is day first (Nordic pages, British-style English), unless only month first
# falls on the weekday written before it ("Tue, 12/8/2026" was 12 August, a Wednesday)
@pytest.mark.parametrize("text, lang, today, tz, expected", [
    r3day("12/8/2026", "2026-08-12"),
    r3day("Tue, 12/8/2026", "2026-12-08"),
    r3("Tue, 12/8/2026 6:00 PM", "2026-12-08T18:00:00+02:00", None),
    r3day("Tue 12/8", "2025-08-12"),          # 12 August 2025 is a Tuesday: day first stays
    r3day("Wed 12/8", "2026-08-12"),
    r3day("Mon 12/8", "2025-12-08"),          # 12 August is no Monday in 2025–2027, 8.12.2025 is
    r3day("12/24/2026", "2026-12-24"),         # no 24th month: month first
])
def test_a_slashed_date_month_first_by_its_weekday(text, lang, today, tz, expected):
    r3check(text, lang, today, tz, expected)


# machine forms: ISO week dates, the basic format of calendar files, ISO intervals (all were
# no date, or the interval's end a further day)
@pytest.mark.parametrize("text, lang, today, tz, expected", [
    r3day("2026-W50", "2026-12-07", "2026-12-13"),
    r3day("2026-W50-2", "2026-12-08"),
    r3("20261208T180000", "2026-12-08T18:00:00+02:00", None),
    r3("20261208T160000Z", "2026-12-08T18:00:00+02:00", None),
    r3("2026-12-08T18:00+02:00/2026-12-08T20:00+02:00", "2026-12-08T18:00:00+02:00",
       "2026-12-08T20:00:00+02:00"),
    r3day("2026-12-08/2026-12-10", "2026-12-08", "2026-12-10"),
])
def test_iso_weeks_basic_format_and_intervals(text, lang, today, tz, expected):
    r3check(text, lang, today, tz, expected)


def test_an_iso_week_the_year_has_not():
    with pytest.raises(DateParseError, match="2027 has no week 53"):
        parse_when("2027-W53", today=R3)


# days before a month name after weekdays are days, not a time ("lö–sö 12–13 dec kl 10–16"
# was a weekly series at 12–13 o'clock)
@pytest.mark.parametrize("text, lang, today, tz, expected", [
    r3("lö–sö 12–13 dec kl 10–16", "2026-12-12T10:00:00+02:00", "2026-12-12T16:00:00+02:00",
       rrule="FREQ=DAILY;UNTIL=20261213T080000Z"),
    r3("Sat & Sun 12–13 December, 10am–4pm", "2026-12-12T10:00:00+02:00", "2026-12-12T16:00:00+02:00",
       rrule="FREQ=DAILY;UNTIL=20261213T080000Z"),
])
def test_days_before_a_month_are_no_time(text, lang, today, tz, expected):
    r3check(text, lang, today, tz, expected)


def test_a_length_in_finnish_hours_abbreviated():
    when = parse_when("ke 9.12. klo 17, kesto 2 t", today=R3)
    assert when.end.isoformat() == "2026-12-09T19:00:00+02:00"


# two dates as the ends of a span with "between … and …" (the second was a further day)
@pytest.mark.parametrize("text, lang, today, tz, expected", [
    r3day("between 12.12. and 14.12.", "2026-12-12", "2026-12-14"),
    r3day("mellan 12.12. och 14.12.", "2026-12-12", "2026-12-14"),
    r3day("12.12. ja 14.12. välillä", "2026-12-12", "2026-12-14"),
    r3day("between 12 and 14 December", "2026-12-12", "2026-12-14"),
])
def test_between_two_dates_is_a_span(text, lang, today, tz, expected):
    r3check(text, lang, today, tz, expected)


def test_a_day_written_with_paiva_before_its_month():
    # "15. päivä joulukuuta" was no date: the weekday alone gave the next Tuesday
    when = parse_when("tiistaina 15. päivä joulukuuta klo 18", today=R3)
    assert when.start.isoformat() == "2026-12-15T18:00:00+02:00"


# the ordinals of a monthly series as numbers ("joka kuukauden 1. tiistai" was the next
# Tuesday, once)
@pytest.mark.parametrize("text, lang, today, tz, expected", [
    r3("joka kuukauden 1. tiistai klo 18", "2027-01-05T18:00:00+02:00", None,
       rrule="FREQ=MONTHLY;BYDAY=1TU"),
    r3("kuun 1. ja 3. keskiviikkona klo 13", "2026-12-02T13:00:00+02:00", None,
       rrule="FREQ=MONTHLY;BYDAY=1WE,3WE"),
])
def test_numbered_ordinals_of_a_monthly_series(text, lang, today, tz, expected):
    r3check(text, lang, today, tz, expected)


# the time of a dated text written apart from its date (the event was all day); not a price,
# a counted number or a small number
@pytest.mark.parametrize("text, lang, today, tz, expected", [
    r3("18.00 Joulukonsertti, ti 8.12.", "2026-12-08T18:00:00+02:00", None),
    r3day("ti 8.12. Hinta 18.00", "2026-12-08"),
    r3day("ti 8.12. Lippuja 15.00 eurolla", "2026-12-08"),
    r3day("ti 8.12. Tulos 3.00", "2026-12-08"),
])
def test_a_time_apart_from_its_date(text, lang, today, tz, expected):
    r3check(text, lang, today, tz, expected)


def test_a_feast_beside_numbered_ordinals_stays():
    # "1:a och 3:e" (ordinals, read as bare days of a list) dropped the feast that starts the
    # series: it started at once instead of on Easter Monday 2027
    when = parse_when("annandag påsk 1:a och 3:e tisdagen i månaden kl. 13", today=R3)
    assert (when.start.isoformat(), when.rrule) == ("2027-04-06T13:00:00+03:00", "FREQ=MONTHLY;BYDAY=1TU,3TU")


def test_the_end_of_a_range_is_no_lone_time():
    when = parse_when("tiistaisin 12.1.–13.4.2027 klo–1 17–18.30", today=R3)
    assert when.all_day and when.rrule == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270413"


@pytest.mark.parametrize("text", ["Tuesdays fortnightly at 10am", "Tuesdays biweekly at 10am",
                                  "tiistaisin kahden viikon välein klo 10"])
def test_fortnightly_is_every_other_week(text):
    assert parse_when(text, today=R3).rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"


def test_three_showings_of_a_day():
    # "kl 11, 13 och 15": the 15 o'clock showing was lost
    when = parse_when("12.12. kl 11, 13 och 15", today=R3).to_json()
    assert when["rdates"] == ["2026-12-12T13:00:00+02:00", "2026-12-12T15:00:00+02:00"]


# ordinals of weekdays after "every" / "varje" / "joka" without "of the month" are monthly
# ("every 2nd and 4th Thursday" was the next Thursday, once); a lone "second" is every other
@pytest.mark.parametrize("text, rrule", [
    ("every 2nd and 4th Thursday, 2pm", "FREQ=MONTHLY;BYDAY=2TH,4TH"),
    ("varje första och tredje måndag kl 18", "FREQ=MONTHLY;BYDAY=1MO,3MO"),
    ("joka toinen ja neljäs torstai klo 13", "FREQ=MONTHLY;BYDAY=2TH,4TH"),
    ("every last Friday 7 pm", "FREQ=MONTHLY;BYDAY=-1FR"),
    ("joka toinen tiistai klo 18", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
])
def test_every_nth_weekday_is_monthly(text, rrule):
    assert parse_when(text, today=R3).rrule == rrule


def test_a_time_after_even_or_odd_weeks():
    # "torsdagar udda veckor 13-15" was all day
    when = parse_when("torsdagar udda veckor 13-15", today=R3)
    assert (when.start.isoformat(), when.end.isoformat()) == (
        "2026-12-03T13:00:00+02:00", "2026-12-03T15:00:00+02:00")


# a weekday of next week ("lördag nästa vecka" was this Saturday)
@pytest.mark.parametrize("text, lang, today, tz, expected", [
    r3("lördag nästa vecka kl 14", "2026-12-12T14:00:00+02:00", None),
    r3("ensi viikon lauantaina klo 14", "2026-12-12T14:00:00+02:00", None),
    r3("Sunday next week 4 pm", "2026-12-13T16:00:00+02:00", None),
    r3("lördag kl 14", "2026-12-05T14:00:00+02:00", None),
])
def test_a_weekday_of_next_week(text, lang, today, tz, expected):
    r3check(text, lang, today, tz, expected)


@pytest.mark.parametrize("text, lang, today, tz, expected", [
    r3day("2026/12/12", "2026-12-12"),
    r3("12-12-2026 klo 18", "2026-12-12T18:00:00+02:00", None),
])
def test_year_first_slashes_and_dashed_days(text, lang, today, tz, expected):
    r3check(text, lang, today, tz, expected)


def test_a_dashed_number_with_no_year_is_no_date():
    with pytest.raises(DateParseError):
        parse_when("09-12-3456", today=R3)


# months in the nominative or short ("(tammi–toukokuu)", "(jan–maj)") bound a series too
@pytest.mark.parametrize("text", ["Lukupiiri kuukauden ensimmäinen torstai klo 18 (tammi–toukokuu)",
                                  "Bokcirkel första torsdagen i månaden kl 18 (jan–maj)"])
def test_months_nominative_or_short_bound_a_series(text):
    when = parse_when(text, today=R3)
    assert (when.start.isoformat(), when.rrule) == (
        "2027-01-07T18:00:00+02:00", "FREQ=MONTHLY;BYDAY=1TH;UNTIL=20270531T150000Z")


def test_a_lone_weekday_on_even_weeks_is_a_series():
    # "parillisten viikkojen torstaina" was the next Thursday, once
    when = parse_when("Vauvakerho parillisten viikkojen torstaina klo 10", today=R3)
    assert (when.start.isoformat(), when.rrule) == (
        "2026-12-10T10:00:00+02:00",
        "FREQ=YEARLY;BYWEEKNO=2,4,6,8,10,12,14,16,18,20,22,24,26,28,30,32,34,36,38,40,42,44,46,48,50,52;BYDAY=TH")


def test_lukuun_ottamatta_is_an_exception():
    # "lukuun ottamatta 28.12." (except) made 28.12. the series' first day
    when = parse_when("maanantaisin klo 18 lukuun ottamatta 28.12.", today=R3).to_json()
    assert (when["start"], when["exdates"]) == ("2026-12-07T18:00:00+02:00", ["2026-12-28T18:00:00+02:00"])


@pytest.mark.parametrize("text", ["Ke 9.12. · 18–19.30", "Ke 9.12. • 18–19.30"])
def test_a_time_after_a_middle_dot(text):
    when = parse_when(text, today=R3)
    assert (when.start.isoformat(), when.end.isoformat()) == (
        "2026-12-09T18:00:00+02:00", "2026-12-09T19:30:00+02:00")


# a series' second session of the day is a further rule (it was lost)
@pytest.mark.parametrize("text, first, also", [
    ("mån–fre 9–11 och 12–15",
     rule("2026-12-02T09:00:00+02:00", "2026-12-02T11:00:00+02:00", rrule=WEEKDAYS),
     [rule("2026-12-02T12:00:00+02:00", "2026-12-02T15:00:00+02:00", rrule=WEEKDAYS)]),
    ("Mon–Fri 9–11 am and 1–3 pm",
     rule("2026-12-02T09:00:00+02:00", "2026-12-02T11:00:00+02:00", rrule=WEEKDAYS),
     [rule("2026-12-02T13:00:00+02:00", "2026-12-02T15:00:00+02:00", rrule=WEEKDAYS)]),
])
def test_a_series_second_session_of_the_day(text, first, also):
    answer = parse_when(text, today=R3).to_json()
    assert answer.pop("also") == also
    assert answer == first


def test_a_feast_beside_a_range_of_bare_days_is_dropped():
    # the range "9–11 December" is the written date (the fix for "1:a och 3:e" kept the feast)
    when = parse_when("mikkelinpäivä 9–11 December 2026", today=R3)
    assert (when.start, when.end) == (date(2026, 12, 9), date(2026, 12, 11))


def test_a_nordic_slashed_date_stays_day_first_by_its_weekday():
    # "tis 8/12" read on 19.4.2025: 8 December is a Tuesday in 2026, 12 August in 2025 (in the
    # window); day first, as the Nordic page means it
    assert parse_when("tis 8/12", today=date(2025, 4, 19)).start == date(2026, 12, 8)


# a time written before abbreviated weekdays belongs to them, and further weekdays with
# times of their own after them are rules of their own (was one rule MO–SA, or no day)
@pytest.mark.parametrize("text, first, also", [
    ("kl 10–16 mån–fre", rule("2026-12-02T10:00:00+02:00", "2026-12-02T16:00:00+02:00",
                              rrule=WEEKDAYS), []),
    ("kl 10–16 mån–fre, lör 10–14",
     rule("2026-12-02T10:00:00+02:00", "2026-12-02T16:00:00+02:00", rrule=WEEKDAYS),
     [rule("2026-12-05T10:00:00+02:00", "2026-12-05T14:00:00+02:00", rrule="FREQ=WEEKLY;BYDAY=SA")]),
    ("klo 10–16 ma–pe, la 10–14",
     rule("2026-12-02T10:00:00+02:00", "2026-12-02T16:00:00+02:00", rrule=WEEKDAYS),
     [rule("2026-12-05T10:00:00+02:00", "2026-12-05T14:00:00+02:00", rrule="FREQ=WEEKLY;BYDAY=SA")]),
])
def test_a_time_before_abbreviated_weekdays(text, first, also):
    answer = parse_when(text, today=R3).to_json()
    assert answer.pop("also", []) == also
    assert answer == first


@pytest.mark.parametrize("text, start, end", [
    ("17.12. klo 17 alkaen 18.12. klo 15 asti", "2026-12-17T17:00:00+02:00", "2026-12-18T15:00:00+02:00"),
    ("pe 18.12. klo 17 alkaen la 19.12. klo 12 saakka", "2026-12-18T17:00:00+02:00",
     "2026-12-19T12:00:00+02:00"),
])
def test_alkaen_asti_is_a_span(text, start, end):
    # "A alkaen B asti" (from A until B) lost its end
    when = parse_when(text, today=R3)
    assert (when.start.isoformat(), when.end.isoformat()) == (start, end)


def test_alkaen_asti_of_days_is_an_all_day_span():
    when = parse_when("17.12. alkaen 20.12. asti", today=R3)
    assert (when.start, when.end, when.all_day) == (date(2026, 12, 17), date(2026, 12, 20), True)


@pytest.mark.parametrize("text", ["ke 16.12. klo 10 ja uudelleen klo 14",
                                  "ons 16.12 kl 10 och igen kl 14",
                                  "Wed 16 Dec at 10am and again at 2pm"])
def test_a_showing_again_later_the_same_day(text):
    # "ja uudelleen klo 14" (and again at 14) lost the second showing
    assert parse_when(text, today=R3).to_json()["rdates"] == ["2026-12-16T14:00:00+02:00"]


@pytest.mark.parametrize("text", ["la 12.12. klo 2026", "klo 2026", "Konsertti 12.12. kl 2027"])
def test_a_year_after_a_clock_word_is_no_time(text):
    # "klo 2026" was 20:26
    with pytest.raises(DateParseError, match="year"):
        parse_when(text, today=R3)


def test_four_digit_times_stay_times():
    when = parse_when("la 12.12. kl 1800–2000", today=R3)
    assert (when.start.isoformat(), when.end.isoformat()) == (
        "2026-12-12T18:00:00+02:00", "2026-12-12T20:00:00+02:00")


@pytest.mark.parametrize("text, start, end", [
    ("every 2nd and 4th Thursday 14–16", "2026-12-10T14:00:00+02:00", "2026-12-10T16:00:00+02:00"),
    ("första måndagen i månaden 18–20", "2026-12-07T18:00:00+02:00", "2026-12-07T20:00:00+02:00"),
])
def test_a_bare_time_after_a_monthly_phrase(text, start, end):
    # the time right after "every 2nd and 4th Thursday" was lost (an all-day series)
    when = parse_when(text, today=R3)
    assert (when.start.isoformat(), when.end.isoformat()) == (start, end)


@pytest.mark.parametrize("text, start", [
    ("tonight at 7", "2026-12-02T19:00:00+02:00"),
    ("ikväll kl 7", "2026-12-02T19:00:00+02:00"),
    ("la 12.12. klo 7 illalla", "2026-12-12T19:00:00+02:00"),
    ("la 12.12. klo 10 aamulla", "2026-12-12T10:00:00+02:00"),
    ("la 12.12. klo 19 illalla", "2026-12-12T19:00:00+02:00"),
])
def test_a_part_of_the_day_beside_a_time(text, start):
    # "tonight at 7" was 07:00
    assert parse_when(text, today=R3).start.isoformat() == start


@pytest.mark.parametrize("text, start", [
    ("klockan sju på kvällen lördag 12 december", "2026-12-12T19:00:00+02:00"),
    ("la 12.12. kello kuusi illalla", "2026-12-12T18:00:00+02:00"),
    ("kello kolme iltapäivällä la 12.12.", "2026-12-12T15:00:00+02:00"),
    ("ti 8.12. kello kaksitoista", "2026-12-08T12:00:00+02:00"),
    ("la 12.12. kello puoli seitsemän illalla", "2026-12-12T18:30:00+02:00"),
    ("lördag 19.12 klockan halv tre på eftermiddagen", "2026-12-19T14:30:00+02:00"),
    ("Sat 12 Dec at seven pm", "2026-12-12T19:00:00+02:00"),
])
def test_hours_in_words(text, start):
    # an hour in words was no time (an all-day event)
    assert parse_when(text, today=R3).start.isoformat() == start


@pytest.mark.parametrize("text", ["lördag 12.12 klockan tre", "la 12.12. kello kolme",
                                  "Sat 12 Dec at seven o'clock"])
def test_an_hour_in_words_without_its_part_of_the_day_is_an_error(text):
    with pytest.raises(DateParseError, match="does not say which"):
        parse_when(text, today=R3)


def test_at_one_in_english_prose_is_no_time():
    when = parse_when("we meet at one of our libraries on Sat 12 Dec", today=R3)
    assert (when.start, when.all_day) == (date(2026, 12, 12), True)


@pytest.mark.parametrize("text, start, rrule", [
    ("första tisdagen i månaden kl. 23.30 UTC", "2026-12-02T01:30:00+02:00",
     "FREQ=MONTHLY;BYDAY=WE;BYMONTHDAY=2,3,4,5,6,7,8"),
    ("sista tisdagen i månaden kl. 23.30 UTC", "2026-12-30T01:30:00+02:00",
     "FREQ=MONTHLY;BYDAY=WE;BYMONTHDAY=1,-6,-5,-4,-3,-2,-1"),
    ("första tisdagen i månaden kl. 18 UTC", "2027-01-05T20:00:00+02:00", "FREQ=MONTHLY;BYDAY=1TU"),
])
def test_a_monthly_series_in_a_written_zone_is_on_the_days_here(text, start, rrule):
    # the start moved to the Wednesday while the rule kept BYDAY=1TU: its other days were
    # Tuesdays at 01:30, a day early
    when = parse_when(text, today=R3)
    assert (when.start.isoformat(), when.rrule) == (start, rrule)


def test_a_moved_monthly_series_falls_on_the_day_after_its_weekday():
    from dateutil.rrule import rrulestr
    when = parse_when("sista tisdagen i månaden kl. 23.30 UTC", today=R3)
    days = [d.date() for d in rrulestr(when.rrule, dtstart=when.start.replace(tzinfo=None))[:13]]
    for day in days:             # each the day after its month's last Tuesday
        tuesday = day - timedelta(days=1)
        assert tuesday.weekday() == 1 and (tuesday + timedelta(days=7)).month != tuesday.month
    assert len(set((d - timedelta(days=1)).month for d in days)) == 12


@pytest.mark.parametrize("text, word", [("under jullovet", "jullovet"), ("syyslomalla", "syyslomalla"),
                                        ("höstlovet klo 10", "höstlovet"),
                                        ("during the school holidays", "school holidays")])
def test_school_holidays_are_not_read_and_say_why(text, word):
    # they were "no date found" (or "a time without a day")
    with pytest.raises(DateParseError, match=f"'{word}': school holidays differ"):
        parse_when(text, today=R3)


@pytest.mark.parametrize("text, first, also", [
    ("Avoinna ma–pe 9–16, la–su suljettu",
     rule("2026-12-02T09:00:00+02:00", "2026-12-02T16:00:00+02:00", rrule=WEEKDAYS), []),
    ("måndag–fredag 9–16, lördag och söndag stängt",
     rule("2026-12-02T09:00:00+02:00", "2026-12-02T16:00:00+02:00", rrule=WEEKDAYS), []),
    ("ma–pe klo 9–15, la klo 10–14, su suljettu",
     rule("2026-12-02T09:00:00+02:00", "2026-12-02T15:00:00+02:00", rrule=WEEKDAYS),
     [rule("2026-12-05T10:00:00+02:00", "2026-12-05T14:00:00+02:00", rrule="FREQ=WEEKLY;BYDAY=SA")]),
])
def test_days_said_closed_are_not_the_series(text, first, also):
    # "la–su suljettu" after a time made the series MO–SU (the time before them was theirs)
    answer = parse_when(text, today=R3).to_json()
    assert answer.pop("also", []) == also
    assert answer == first


@pytest.mark.parametrize("text, rrule", [
    ("maanantaista perjantaihin klo 9–15", WEEKDAYS),
    ("tiistaista torstaihin klo 10–11", "FREQ=WEEKLY;BYDAY=TU,WE,TH"),
])
def test_finnish_from_weekday_to_weekday(text, rrule):
    # "maanantaista perjantaihin" (from Monday to Friday) was no day
    assert parse_when(text, today=R3).rrule == rrule


@pytest.mark.parametrize("text", ["viikot 50–51", "vv. 50–51"])
def test_plural_week_words(text):
    when = parse_when(text, today=R3)
    assert (when.start, when.end) == (date(2026, 12, 7), date(2026, 12, 20))


def test_a_time_after_odd_weeks_is_no_week_range():
    # "parittomilla viikoilla 13–15" was weeks 13–15
    when = parse_when("torstaisin parittomilla viikoilla 13–15", today=R3)
    assert (when.start.isoformat(), when.end.isoformat(), when.rrule.split(";")[0]) == (
        "2026-12-03T13:00:00+02:00", "2026-12-03T15:00:00+02:00", "FREQ=YEARLY")


@pytest.mark.parametrize("text, end", [
    ("ti 8.12. klo 18, kesto noin tunti", "2026-12-08T19:00:00+02:00"),
    ("ti 8.12. kl 18, ca en timme", "2026-12-08T19:00:00+02:00"),
    ("ti 8.12. klo 18, kesto 1½ h", "2026-12-08T19:30:00+02:00"),
    ("ti 8.12. klo 18 (n. puolitoista tuntia)", "2026-12-08T19:30:00+02:00"),
    ("ti 8.12. klo 18 (puoli tuntia)", "2026-12-08T18:30:00+02:00"),
    ("Tue 8 Dec 6pm (about an hour and a half)", "2026-12-08T19:30:00+02:00"),
    ("Tue 8 Dec 6pm, one hour", "2026-12-08T19:00:00+02:00"),
])
def test_lengths_in_words(text, end):
    # a length in words (or "1½ h") gave no end
    assert parse_when(text, today=R3).end.isoformat() == end


@pytest.mark.parametrize("text", ["Kuorotreenit keskiviikkoisin klo 18–19.30, syyskausi päättyy 16.12.",
                                  "Kör onsdagar kl 18–19.30, terminen slutar 16.12."])
def test_a_series_ends_where_the_text_says_it_ends(text):
    # "päättyy 16.12." (ends on) made 16.12. the series' first day
    when = parse_when(text, today=R3)
    assert (when.start.isoformat(), when.rrule) == (
        "2026-12-02T18:00:00+02:00", "FREQ=WEEKLY;BYDAY=WE;UNTIL=20261216T160000Z")


@pytest.mark.parametrize("text, start, end", [
    ("från 8.12 kl 18 till 9.12 kl 12", "2026-12-08T18:00:00+02:00", "2026-12-09T12:00:00+02:00"),
    ("4.12 kl 18 – 6.12 kl 14", "2026-12-04T18:00:00+02:00", "2026-12-06T14:00:00+02:00"),
])
def test_a_span_of_dates_without_their_dots(text, start, end):
    # "kl 18 till 9.12" was 18:00–09:12; "4.12 [kl 18] – 6.12" was 04:12–06:12
    when = parse_when(text, today=R3)
    assert (when.start.isoformat(), when.end.isoformat()) == (start, end)


def test_weekdays_after_a_range_of_days():
    # "7.–20.12. ma–pe" was every day of the range
    when = parse_when("7.–20.12. ma–pe", today=R3)
    assert (when.start, when.rrule) == (date(2026, 12, 7), "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20261220")
    when = parse_when("12.–13.12. (la–su)", today=R3)
    assert (when.start, when.end, when.rrule) == (date(2026, 12, 12), date(2026, 12, 13), None)


@pytest.mark.parametrize("text", ["Thursdays 10–11am (not 24 or 31 Dec)",
                                  "torsdagar kl 10 (ej 24 eller 31 december)",
                                  "torstaisin klo 10 (ei 24. tai 31.12.)",
                                  "torstaisin klo 10 (ei 24. ja 31.12.)"])
def test_bare_days_of_an_exception_share_its_month(text):
    # "not 24 or 31 Dec" made 31 Dec the series' start (or excluded it alone)
    when = parse_when(text, today=R3).to_json()
    assert (when["start"][:10], [d[:10] for d in when["exdates"]]) == (
        "2026-12-03", ["2026-12-24", "2026-12-31"])


@pytest.mark.parametrize("text, start", [("2026-12-08 18:00 UTC", "2026-12-08T20:00:00+02:00"),
                                         ("2026-12-08 18:00 CET", "2026-12-08T19:00:00+02:00")])
def test_a_zone_written_after_an_iso_time(text, start):
    # the zone after an ISO date and time was ignored (18:00 in Helsinki)
    assert parse_when(text, today=R3).start.isoformat() == start


def test_julotta_is_christmas_day():
    assert parse_when("julottan kl 7", today=R3).start.isoformat() == "2026-12-25T07:00:00+02:00"


def test_a_length_in_the_next_sentence():
    # "klo 11. Kesto noin 30 minuuttia." gave no end
    when = parse_when("Kirjaston satutunti lauantaina 5.12. klo 11. Kesto noin 30 minuuttia.", today=R3)
    assert when.end.isoformat() == "2026-12-05T11:30:00+02:00"


@pytest.mark.parametrize("text, start", [
    ("Ilmoittautuminen 30.11. mennessä. Kurssi ti 8.12. klo 17–19.", "2026-12-08T17:00:00+02:00"),
    ("Anmälan senast 1.12. Träffen är ons 9.12 kl 13.", "2026-12-09T13:00:00+02:00"),
    ("Register by 1 Dec. The course is on Tue 8 Dec at 5pm.", "2026-12-08T17:00:00+02:00"),
])
def test_a_deadline_before_the_event_is_not_its_day(text, start):
    # the sign-up deadline was read as the event's day (at the event's time)
    assert parse_when(text, today=R3).start.isoformat() == start


@pytest.mark.parametrize("text", ["Kahvila avoinna arkisin klo 9–15, suljettu 24.–26.12.",
                                  "Café öppet vardagar 9–15, stängt 24–26 december"])
def test_days_a_series_is_closed_are_excluded(text):
    # "suljettu 24.–26.12." made the series start on 24.12. and end on 26.12.
    when = parse_when(text, today=R3).to_json()
    assert (when["start"], when["rrule"], [d[:10] for d in when["exdates"]]) == (
        "2026-12-02T09:00:00+02:00", WEEKDAYS, ["2026-12-24", "2026-12-25"])


def test_days_listed_each_at_the_same_time_are_rdates():
    # each was a rule of its own in `also` (as days at different times are)
    answer = parse_when("Tuolijumppa ma 7.12. klo 13–14 ja ma 14.12. klo 13–14", today=R3).to_json()
    assert (answer["start"], answer["end"], answer.get("rdates"), answer.get("also")) == (
        "2026-12-07T13:00:00+02:00", "2026-12-07T14:00:00+02:00", ["2026-12-14T13:00:00+02:00"], None)


@pytest.mark.parametrize("text, start, end", [
    ("Ti/Tis 8.12. klo/kl. 10–11", "2026-12-08T10:00:00+02:00", "2026-12-08T11:00:00+02:00"),
    ("To/To 10.12. klo 18", "2026-12-10T18:00:00+02:00", None),
    ("ma/mån 14.12 kl. 9", "2026-12-14T09:00:00+02:00", None),
    ("pe / fre 11.12. kl 18", "2026-12-11T18:00:00+02:00", None),
    ("ti/tis klo/kl 13-15", "2026-12-08T13:00:00+02:00", "2026-12-08T15:00:00+02:00"),
])
def test_a_day_named_in_both_languages_is_one_day(text, start, end):
    # bilingual pages name the day twice ("Ti/Tis"): it was read as a weekly list of one day,
    # "To/To 10.12." as Thursdays until 10.12.; "klo/kl" before a time left the day without it
    answer = parse_when(text, today=R3).to_json()
    assert (answer["start"], answer["end"], answer["rrule"]) == (start, end, None)


def test_two_days_joined_by_a_slash_are_still_both():
    answer = parse_when("ti/to klo 10", today=R3).to_json()
    assert (answer["start"], answer["rrule"]) == ("2026-12-03T10:00:00+02:00", "FREQ=WEEKLY;BYDAY=TU,TH")


# a series' first and last day written as two dates of their own, each with its word
@pytest.mark.parametrize("text, lang, today, tz, expected", [
    r3("tiistaisin klo 10, alkaa 12.1.2027 ja päättyy 27.4.2027", "2027-01-12T10:00:00+02:00", None,
       rrule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20270427T070000Z"),
    r3("tiistaisin klo 10, alkavat 12.1. ja päättyvät 27.4.", "2027-01-12T10:00:00+02:00", None,
       rrule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20270427T070000Z"),
    r3("tisdagar kl 10, startar 12.1 och slutar 27.4", "2027-01-12T10:00:00+02:00", None,
       rrule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20270427T070000Z"),
    r3("Tuesdays at 10, from 12 January, ending 27 April", "2027-01-12T10:00:00+02:00", None,
       rrule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20270427T070000Z"),
    # a second date without such a word is not the series' end
    r3("varje tisdag kl 13 från 12.1, ej 9.2", "2027-01-12T13:00:00+02:00", None,
       rrule="FREQ=WEEKLY;BYDAY=TU", exdates=["2027-02-09T13:00:00+02:00"]),
])
def test_a_series_start_and_end_as_two_dates(text, lang, today, tz, expected):
    r3check(text, lang, today, tz, expected)
