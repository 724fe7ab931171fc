from crawlers.spiders.base import SourceSpider


class HtmlSpider(SourceSpider):
    """A plain HTML page of events or weekly activities.

    With `options.selectors` the page is read by those CSS selectors; without, the
    heuristic listing reader finds the repeated event blocks and activity paragraphs.
    """

    name = "html"
    parser_kind = "html"
