"""Word lists as one regular expression shaped as a trie.

A flat ``a|b|c`` over a hundred words costs the regex engine a try of every word at every
position of the text; the trie costs a character test. The words that can match at one
position are prefixes of each other, and the trie's greedy optional tails try them longest
first, as a flat alternation sorted longest first does: the matches are the same. Used for
the month, weekday and ordinal words of dates and the keywords of classification.
"""

import re


def alternation(words) -> str:
    """The words as one alternation (no group around it) that tries the longest word first."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        children = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not children:
            return ""
        body = children[0] if len(children) == 1 else "(?:" + "|".join(children) + ")"
        if "" in node:
            return f"(?:{body})?" if len(children) > 1 or len(body) > 1 else f"{body}?"
        return body

    return emit(trie)
