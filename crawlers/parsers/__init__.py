"""Pure parsers: a document's bytes in, raw event dicts out (fields in docs/design.md).

Spiders and `kalendarium extract` share these functions, so what a coordinator sees with
`extract` is exactly what the nightly harvest stores.
"""


class ParseError(ValueError):
    """The whole document cannot be read; the message says why in plain words."""
