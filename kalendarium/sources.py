"""Load and validate `sources.yaml`, before anything is fetched.

Every problem is collected and reported at once, each naming the source, the key and what
was expected, e.g. ``sources.yaml: source 'karleby-evenemang' (line 12): kind 'icall' is not
one of auto, ical, rss, jsonld, html, tribe, linkedevents: did you mean 'ical'?``.
"""

from __future__ import annotations

import codecs
import difflib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

KINDS = ("auto", "ical", "rss", "jsonld", "html", "tribe", "linkedevents")
ORGANISER_TYPES = ("municipality", "parish", "association", "region")
LANGUAGES = ("sv", "fi", "en")
DEFAULT_TIMEZONE = "Europe/Helsinki"

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
VARIABLE_PATTERN = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")

REQUIRED_KEYS = ("id", "name", "organiser_type", "kind", "url")
OPTIONAL_KEYS = ("municipality", "language", "timezone", "enabled", "options", "disabled_reason")
KIND_OPTIONS = {
    "auto": {"max_pages"},
    "ical": set(),
    "rss": set(),
    "jsonld": {"follow", "max_pages"},
    "html": {"selectors", "max_pages", "next_page", "details"},
    "tribe": {"max_pages"},
    "linkedevents": {"max_pages"},
}
SELECTOR_KEYS = {"event", "title", "when", "place", "link", "description"}
SOURCES_SUFFIXES = (".yaml", ".yml")


class SourcesError(ValueError):
    """sources.yaml is not valid; `problems` lists every problem found."""

    def __init__(self, path, problems: list[str]):
        self.path = path
        self.problems = problems
        # path=None: each problem already names its file (a folder of sources files)
        super().__init__("\n".join(problem if path is None else f"{path}: {problem}" for problem in problems))


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    organiser_type: str
    kind: str
    url: str
    municipality: str | None = None
    language: str | None = None
    timezone: str = DEFAULT_TIMEZONE
    enabled: bool = True
    options: dict = field(default_factory=dict)
    file: str | None = field(default=None, compare=False)  # the sources file it comes from
    line: int | None = field(default=None, compare=False)
    disabled_reason: str | None = field(default=None, compare=False)

    def as_row(self) -> dict:
        return {
            "id": self.id, "name": self.name, "organiser_type": self.organiser_type,
            "municipality": self.municipality, "language": self.language, "timezone": self.timezone,
            "kind": self.kind, "url": self.url, "enabled": self.enabled,
        }


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A YAML loader that remembers the line of each mapping, for error messages. LibYAML's
    loader when PyYAML has it: a country's sources file reads ten times faster."""


def _construct_mapping(loader, node):
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_sources(path: Path | str, variables: dict | None = None) -> list[Source]:
    """Read and validate a sources file, or every *.yaml and *.yml file in a folder (ids unique across
    the files); raises SourcesError listing every problem, each naming its file."""
    path = Path(path)
    if path.is_dir():
        return _load_folder(path, variables)
    return _load_file(path, variables)


def sources_files(path: Path | str) -> list[Path]:
    """The files `load_sources(path)` reads: in a folder, every *.yaml and *.yml file."""
    path = Path(path)
    if not path.is_dir():
        return [path]
    return sorted(p for p in path.iterdir()
                  if p.suffix in SOURCES_SUFFIXES and not p.name.startswith(".") and p.is_file())


def _load_folder(folder: Path, variables: dict | None) -> list[Source]:
    files = sources_files(folder)
    if not files:
        raise SourcesError(folder, ["the folder holds no *.yaml (or *.yml) sources files"])
    problems: list[str] = []
    sources: list[Source] = []
    first: dict[str, Source] = {}
    for path in files:
        try:
            found = _load_file(path, variables)
        except SourcesError as error:
            problems += [f"{path}: {problem}" for problem in error.problems]
            continue
        for source in found:
            if source.id in first:
                other = first[source.id]
                problems.append(f"{path}: source {source.id!r}" + (f" (line {source.line})" if source.line else "")
                                + f": id {source.id!r} is also used in {other.file}"
                                + (f" (line {other.line})" if other.line else ""))
                continue
            first[source.id] = source
            sources.append(source)
    if problems:
        raise SourcesError(None, problems)
    return sources


def _load_file(path: Path, variables: dict | None) -> list[Source]:
    text = _read_text(path)
    try:
        document = yaml.load(text, Loader=_LineLoader) or {}
    except yaml.YAMLError as error:
        raise SourcesError(path, [_yaml_problem(error, text)]) from error
    return [replace(source, file=str(path)) for source in parse_sources(document, path, variables)]


def _read_text(path: Path) -> str:
    """The file's text (UTF-8, with or without a byte-order mark), or a SourcesError in plain words."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise SourcesError(path, ["no such file"]) from error
    except OSError as error:
        raise SourcesError(path, [f"cannot be read: {error.strerror or error}"]) from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise SourcesError(path, [f"is not UTF-8 text (line {line} has the byte 0x{data[error.start]:02x}, "
                                  f"perhaps Latin-1 or Windows-1252): save it as UTF-8"]) from error


def _yaml_problem(error: yaml.YAMLError, text: str) -> str:
    """PyYAML's report as one line with the place: 'is not valid YAML at line 3, column 1: …'."""
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    context, context_mark = getattr(error, "context", None), getattr(error, "context_mark", None)
    if "tab" in problem or (mark is not None and _character_at(text, mark.line, mark.column) == "\t"):
        problem, context = "a tab character; indent with spaces (YAML does not allow tabs)", None
    if context and context_mark is not None and (mark is None or context_mark.line != mark.line):
        problem += f" ({context} begun at line {context_mark.line + 1})"
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    return f"is not valid YAML{where}: {problem}"


def _character_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    return lines[line][column:column + 1] if line < len(lines) else ""


def parse_sources(document, path="sources.yaml", variables: dict | None = None) -> list[Source]:
    if not isinstance(document, dict) or not isinstance(document.get("sources"), list):
        raise SourcesError(path, ["expected a mapping with a list under 'sources:'"])
    known_variables = {key: str(value) for key, value in (document.get("variables") or {}).items()
                       if key != "__line__"}
    known_variables.update(variables or {})
    defaults = {key: value for key, value in (document.get("defaults") or {}).items() if key != "__line__"}
    problems: list[str] = []
    sources: list[Source] = []
    seen: dict[str, int | None] = {}  # id -> the line of the source that has it
    for position, entry in enumerate(document["sources"], start=1):
        found = _validate_entry(entry, position, defaults, known_variables, seen)
        if isinstance(found, Source):
            sources.append(found)
        else:
            problems.extend(found)
    if problems:
        raise SourcesError(path, problems)
    return sources


def _validate_entry(entry, position: int, defaults: dict, variables: dict, seen: dict[str, int | None]):
    if not isinstance(entry, dict):
        return [f"source #{position}: expected a mapping of keys, got {entry!r}"]
    line = entry.pop("__line__", None)
    label = f"source {entry.get('id', '#' + str(position))!r}" + (f" (line {line})" if line else "")
    values = {**defaults, **entry}
    problems = []
    for key in values:
        if key not in REQUIRED_KEYS and key not in OPTIONAL_KEYS:
            problems.append(f"{label}: unknown key {key!r}; expected one of "
                            f"{', '.join(REQUIRED_KEYS + OPTIONAL_KEYS)}{_did_you_mean(key, REQUIRED_KEYS + OPTIONAL_KEYS)}")
    for key in REQUIRED_KEYS:
        if not values.get(key):
            problems.append(f"{label}: missing required key {key!r}")
    source_id = str(values.get("id", ""))
    if source_id and not ID_PATTERN.match(source_id):
        problems.append(f"{label}: id {source_id!r} must be lower-case letters, digits and '-'")
    if source_id in seen:
        other = seen[source_id]
        problems.append(f"{label}: id {source_id!r} is used by another source"
                        + (f" (line {other})" if other else ""))
    seen.setdefault(source_id, line)
    problems += _check_choice(label, values, "kind", KINDS)
    problems += _check_choice(label, values, "organiser_type", ORGANISER_TYPES)
    problems += _check_choice(label, values, "language", LANGUAGES)
    timezone = values.get("timezone") or DEFAULT_TIMEZONE
    try:
        ZoneInfo(str(timezone))
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(f"{label}: timezone {timezone!r} is not a known IANA zone such as Europe/Helsinki")
    if "enabled" in values and not isinstance(values["enabled"], bool):
        problems.append(f"{label}: enabled must be true or false, got {values['enabled']!r}")
    url, url_problems = _expand_url(label, values.get("url"), variables)
    problems += url_problems
    options = values.get("options") or {}
    problems += _check_options(label, values.get("kind"), options)
    if problems:
        return problems
    options = {key: value for key, value in options.items() if key != "__line__"}
    if isinstance(options.get("selectors"), dict):
        options["selectors"] = {k: v for k, v in options["selectors"].items() if k != "__line__"}
    return Source(
        id=source_id, name=str(values["name"]), organiser_type=values["organiser_type"],
        kind=values["kind"], url=url, municipality=values.get("municipality"),
        language=values.get("language"), timezone=str(timezone),
        enabled=values.get("enabled", True) is not False, options=options, line=line,
        disabled_reason=values.get("disabled_reason"),
    )


def _check_choice(label: str, values: dict, key: str, choices: tuple) -> list[str]:
    value = values.get(key)
    if value is not None and value not in choices:
        return [f"{label}: {key} {value!r} is not one of {', '.join(choices)}{_did_you_mean(value, choices)}"]
    return []


def _did_you_mean(value, choices) -> str:
    """': did you mean 'jsonld'?' for a near miss of one of `choices`, else ''."""
    close = difflib.get_close_matches(str(value).lower(), [str(choice) for choice in choices], n=1, cutoff=0.6)
    return f": did you mean {close[0]!r}?" if close else ""


def _expand_url(label: str, url, variables: dict) -> tuple[str, list[str]]:
    if not url:
        return "", []
    missing = [name for name in VARIABLE_PATTERN.findall(str(url)) if name not in variables]
    if missing:
        return "", [f"{label}: url uses ${{{missing[0]}}} but no such variable is defined "
                    f"(under 'variables:' or with --var {missing[0]}=VALUE)"]
    expanded = VARIABLE_PATTERN.sub(lambda match: variables[match.group(1)], str(url))
    if not re.match(r"^(https?|webcal|file)://", expanded):
        return "", [f"{label}: url {expanded!r} must start with http://, https:// or webcal://"]
    if re.search(r"\s", expanded):
        return "", [f"{label}: url {expanded!r} has a space in it (write a space in an address as %20)"]
    try:
        host = urlsplit(expanded).hostname
    except ValueError:
        host = None
    if not host and not expanded.startswith("file://"):
        return "", [f"{label}: url {expanded!r} has no host name, such as www.example.fi"]
    return expanded, []


def _check_options(label: str, kind, options) -> list[str]:
    if not isinstance(options, dict):
        return [f"{label}: options must be a mapping, got {options!r}"]
    if kind not in KIND_OPTIONS:
        return []  # the unknown kind is reported already
    allowed = KIND_OPTIONS.get(kind, set())
    problems = [
        f"{label}: option {key!r} is not known for kind {kind!r}"
        + (f"; expected one of {', '.join(sorted(allowed))}{_did_you_mean(key, sorted(allowed))}" if allowed
           else "; this kind takes no options")
        for key in options if key != "__line__" and key not in allowed
    ]
    problems += _check_option_values(label, options)
    selectors = options.get("selectors")
    if selectors is not None:
        if not isinstance(selectors, dict) or not selectors.get("event") or not selectors.get("title"):
            problems.append(f"{label}: options.selectors needs at least 'event' and 'title' CSS selectors")
        else:
            problems += [f"{label}: options.selectors.{key} is not known; expected one of "
                         f"{', '.join(sorted(SELECTOR_KEYS))}{_did_you_mean(key, sorted(SELECTOR_KEYS))}"
                         for key in selectors if key != "__line__" and key not in SELECTOR_KEYS]
            problems += [problem for key, selector in selectors.items() if key in SELECTOR_KEYS
                         for problem in _css_problems(label, f"options.selectors.{key}", selector, "soupsieve")]
    return problems


def _check_option_values(label: str, options: dict) -> list[str]:
    """Values the spiders would only trip over mid-harvest ("an unexpected error")."""
    problems = []
    pages = options.get("max_pages")
    if "max_pages" in options and (isinstance(pages, bool) or not isinstance(pages, int) or pages < 1):
        problems.append(f"{label}: options.max_pages must be a whole number, 1 or more, got {pages!r}")
    if "details" in options and not isinstance(options["details"], bool):
        problems.append(f"{label}: options.details must be true or false, got {options['details']!r}")
    if "follow" in options:  # read with BeautifulSoup's select (crawlers/parsers/offers.py)
        problems += _css_problems(label, "options.follow", options["follow"], "soupsieve")
    if "next_page" in options:  # read with Scrapy's response.css (crawlers/spiders/html.py)
        problems += _css_problems(label, "options.next_page", options["next_page"], "parsel")
    return problems


def _css_problems(label: str, name: str, selector, engine: str) -> list[str]:
    if not isinstance(selector, str) or not selector.strip():
        return [f"{label}: {name} must be a CSS selector such as 'a.event-link', got {selector!r}"]
    try:
        if engine == "soupsieve":
            import soupsieve

            soupsieve.compile(selector)
        else:
            from parsel.csstranslator import HTMLTranslator

            HTMLTranslator().css_to_xpath(selector)
    except Exception as error:  # soupsieve's and cssselect's SelectorSyntaxError
        reason = str(error).splitlines()[0]
        return [f"{label}: {name} {selector!r} is not a valid CSS selector ({reason})"]
    return []


# Editing a sources file for a coordinator (`kalendarium sources add / disable`): a
# round-trip through ruamel.yaml keeps the file's comments, key order and quoting; the edited
# text is validated before it replaces the file (atomically).

ENTRY_ORDER = ("id", "name", "organiser_type", "municipality", "language", "timezone", "kind", "url",
               "enabled", "disabled_reason", "options")


def _round_trip(text: str):
    from ruamel.yaml import YAML

    yaml_rt = YAML(typ="rt")
    yaml_rt.preserve_quotes = True
    yaml_rt.width = 4096
    offset = 2
    match = re.search(r"^sources:[^\n]*\n(?:[ \t]*(?:#[^\n]*)?\n)*([ ]*)- ", text, re.M)
    if match:
        offset = len(match.group(1))
    yaml_rt.indent(mapping=2, sequence=offset + 2, offset=offset)
    return yaml_rt


def _rewrite(path: Path, edit, variables: dict | None = None, post=None) -> str:
    """Load `path` round-trip, apply `edit(document)`, validate the result, replace the file."""
    import io
    import os

    raw = path.read_bytes()
    text = _read_text(path).replace("\r\n", "\n")
    yaml_rt = _round_trip(text)
    document = yaml_rt.load(text)
    if document is None or not isinstance(document.get("sources"), list):
        raise SourcesError(path, ["expected a mapping with a list under 'sources:'"])
    edit(document)
    buffer = io.StringIO()
    yaml_rt.dump(document, buffer)
    new_text = buffer.getvalue()
    if post is not None:
        new_text = post(text, new_text)
    parse_sources(yaml.load(new_text, Loader=_LineLoader) or {}, path, variables)
    # written as it was: a file from Windows keeps its CRLF line ends and byte-order mark, so
    # only the edited lines differ
    newline = "\r\n" if b"\r\n" in raw else "\n"
    bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(bom + new_text.replace("\n", newline).encode("utf-8"))
    os.replace(tmp, path)
    return new_text


def add_source(path: Path | str, entry: dict, variables: dict | None = None,
               others: list[Source] | None = None) -> str:
    """Append a validated entry at the end of the file's sources list."""
    from ruamel.yaml.comments import CommentedMap

    path = Path(path)
    clean = {key: entry[key] for key in sorted(entry, key=lambda k: (ENTRY_ORDER + (k,)).index(k))
             if entry[key] not in (None, {}, "")}
    for source in others or []:
        if source.id == clean.get("id") and (source.file is None or Path(source.file) != path):
            raise SourcesError(path, [f"source {clean['id']!r}: id {clean['id']!r} is already used in "
                                      f"{source.file} (line {source.line})"])

    def edit(document):
        document["sources"].append(CommentedMap(clean))

    def spaced(old_text: str, new_text: str) -> str:
        """Entries separated by blank lines in the file: the new one too."""
        if not re.search(r"\n[ \t]*\n[ ]*- ", old_text):
            return new_text
        marker = re.compile(rf"^([ ]*)- id: ['\"]?{re.escape(str(clean['id']))}['\"]?[ \t]*$", re.M)
        found = list(marker.finditer(new_text))
        if not found:
            return new_text
        at = found[-1].start()
        before = new_text[:at].rstrip("\n")
        return before + "\n\n" + new_text[at:]

    return _rewrite(path, edit, variables, post=spaced)


def disable_source(path: Path | str, source_id: str, why: str, variables: dict | None = None) -> str:
    """Set `enabled: false` and `disabled_reason` on one entry; everything else is kept."""
    path = Path(path)

    def edit(document):
        for entry in document["sources"]:
            if isinstance(entry, dict) and entry.get("id") == source_id:
                _set_keys(entry, {"enabled": False, "disabled_reason": why})
                return
        raise SourcesError(path, [f"no source with id {source_id!r}"])

    return _rewrite(path, edit, variables)


def _set_keys(entry, values: dict) -> None:
    """Update keys in place; new ones go after `url` (or last), keeping trailing comments last."""
    keys = list(entry.keys())
    position = keys.index("url") + 1 if "url" in keys else len(keys)
    for key, value in values.items():
        if key in entry:
            entry[key] = value
            continue
        at_end = position >= len(entry)
        last = list(entry.keys())[-1] if at_end and len(entry) else None
        entry.insert(position, key, value)
        position += 1
        if at_end and last is not None and last in entry.ca.items:
            _move_trailing_comments(entry, last, key)


def _move_trailing_comments(entry, old_key, new_key) -> None:
    """Blank lines and comments after an entry stay after it; an end-of-line comment
    (`url: …  # note`) stays on its own line."""
    from ruamel.yaml.tokens import CommentToken

    slots = entry.ca.items[old_key]
    token = slots[2] if len(slots) > 2 else None
    if token is None or not isinstance(token, CommentToken):
        entry.ca.items[new_key] = entry.ca.items.pop(old_key)
        return
    value = token.value
    if value.startswith("\n"):
        entry.ca.items[new_key] = entry.ca.items.pop(old_key)
        return
    end_of_line, newline, rest = value.partition("\n")
    if not rest:
        return
    token.value = end_of_line + newline
    entry.ca.items[new_key] = [None, None, CommentToken(newline + rest, token.start_mark, None), None]
