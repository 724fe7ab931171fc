"""What an HTTP error status means for a coordinator, and what to do about it: shared by the
harvest's spiders (crawlers/spiders/base.py) and `kalendarium extract` / `sources discover`."""

from http import HTTPStatus

HTTP_STATUS_HINTS = {
    401: "the page needs a login",
    403: "the site refuses us; some sites turn away programs they do not know, so ask its webmaster to "
         "let Kalendarium's user agent in",
    404: "no such page; has it moved? `kalendarium sources discover` on the site's homepage finds its calendar",
    410: "the page was removed for good",
    429: "the site says we ask too often",
}


def http_status_words(status: int) -> str:
    """'the page answered 403 Forbidden (the site refuses us; …)'."""
    try:
        phrase = f" {HTTPStatus(status).phrase}"
    except ValueError:
        phrase = ""
    hint = HTTP_STATUS_HINTS.get(status) or ("a fault on the site, which usually passes" if status >= 500 else "")
    return f"the page answered {status}{phrase}" + (f" ({hint})" if hint else "")
