"""URLs in a paper's text and metadata, normalised so one resource has one spelling.

Abstracts copied from PDFs and LaTeX carry residue around URLs: ``at~https://…``,
``…/Faster-Diffusion{FasterDiffusion}``, ``\\_`` for ``_``, a URL pasted twice with
no space between, a full stop glued to the end. Code hosts are cut to the repository
root so that every mention of a repository becomes the same node; other links keep
their path. Hugging Face pages count as links (models, datasets and profiles there are
not source repositories).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import NamedTuple

from kg.extract.text import sentence_around
from kg.model import Evidence, Link

__all__ = ["find_links", "normalize_url", "repository_root"]

# A URL with a scheme, or a bare address on a host that is unambiguous without one.
_URL = re.compile(
    r"""(?:https?://|(?<![\w./@-])(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|
        huggingface\.co)/|(?<![\w./@-])[\w-]+\.github\.io\b)[^\s<>"'`]*""",
    re.IGNORECASE | re.VERBOSE,
)
#: text every `_URL` match in ASCII text contains; most abstracts have none, and testing
#: for them is far cheaper than running the pattern at every character. (Case-insensitive
#: matching also takes a few non-ASCII letters, such as a dotless ı, for ASCII ones.)
_URL_CUES = ("://", "github.com/", "gitlab.com/", "bitbucket.org/", "huggingface.co/", ".github.io")
_GLUED_URL = re.compile(r"(?<=.)(?=https?://)", re.IGNORECASE)
_TRAILING = ".,;:!?'\"*"
_CODE_HOSTS = {"github.com", "gitlab.com", "bitbucket.org"}
# Path segments after which a code-host URL leaves the repository root.
_REPO_TAILS = {"-", "tree", "blob", "src", "issues", "pulls", "pull", "wiki", "wikis",
               "releases", "commits", "commit", "raw", "branches", "tags", "actions",
               "merge_requests", "downloads"}
_NOT_OWNERS = {"orgs", "topics", "features", "about", "marketplace", "sponsors", "settings",
               "explore", "collections", "search", "login", "users", "apps", "site"}

RULE_TEXT = "url_in_text"
RULE_METADATA = "url_in_metadata"
CONFIDENCE_TEXT = 0.95
CONFIDENCE_METADATA = 1.0


class _Candidate(NamedTuple):
    """One URL as written: its span in the field and the text it covers."""

    start: int
    end: int
    raw: str


def _strip_trailing(url: str) -> str:
    """Drop sentence punctuation and unbalanced closing brackets glued to the URL's end."""
    while url:
        last = url[-1]
        if last in _TRAILING:
            url = url[:-1]
        elif last in ")]" and url.count("(" if last == ")" else "[") < url.count(last):
            url = url[:-1]
        else:
            break
    return url


def _trim(piece: str) -> str:
    """The URL part of a token: cut before a LaTeX ``{…}`` group, trailing punctuation gone."""
    return _strip_trailing(re.split(r"[{}]", piece, maxsplit=1)[0])


def _unescape(url: str) -> str:
    """Undo LaTeX escapes (``\\_`` → ``_``); any other backslash ends the URL."""
    return re.sub(r"\\([_%&#~$])", r"\1", url).split("\\", 1)[0]


def _candidates(text: str) -> Iterator[_Candidate]:
    """URL-looking spans of `text`, with pasted-together duplicates split apart."""
    if text.isascii():
        lowered = text.lower()
        if not any(cue in lowered for cue in _URL_CUES):
            return
    for match in _URL.finditer(text):
        token = match.group()
        pieces = _GLUED_URL.split(token)
        offset = match.start()
        for piece in pieces:
            trimmed = _trim(piece)
            if trimmed:
                yield _Candidate(offset, offset + len(trimmed), trimmed)
            offset += len(piece)


def repository_root(url: str) -> str | None:
    """The ``https://host/owner/name`` root of a code-host URL, or None if it names no repository.

    >>> repository_root("https://github.com/tensorflow/models/tree/master/research/deeplab")
    'https://github.com/tensorflow/models'
    >>> repository_root("https://gitlab.com/group/sub/project/-/blob/main/x.py")
    'https://gitlab.com/group/sub/project'
    >>> repository_root("https://github.com/orgs/openai") is None
    True
    """
    match = re.match(r"https://(?:www\.)?([^/]+)/([^?#]*)", url, re.IGNORECASE)
    if match is None or match.group(1).lower() not in _CODE_HOSTS:
        return None
    host = match.group(1).lower()
    segments = [segment for segment in match.group(2).split("/") if segment]
    if host == "gitlab.com":
        kept = []
        for segment in segments:
            if segment in _REPO_TAILS:
                break
            kept.append(segment)
    else:
        kept = segments[:2]
    if len(kept) < 2 or kept[0].lower() in _NOT_OWNERS:
        return None
    kept[-1] = re.sub(r"\.git$", "", kept[-1], flags=re.IGNORECASE)
    return f"https://{host}/" + "/".join(kept)


def normalize_url(raw: str) -> tuple[str, bool]:
    """A URL's one spelling and whether it is a code repository.

    Scheme https, host lower-cased, residue and trailing punctuation gone, code hosts cut
    to the repository root; owner/name and path case are kept as written.

    >>> normalize_url("http://github.com/xuke225/EQ-Net.git{https://github.com/xuke225/EQ-Net}.")
    ('https://github.com/xuke225/EQ-Net', True)
    >>> normalize_url("https://aka.ms/YOCO.")
    ('https://aka.ms/YOCO', False)
    """
    url = _strip_trailing(_unescape(_trim(raw.strip())))
    url = re.sub(r"^(?:https?://)?", "https://", url, flags=re.IGNORECASE)
    head, _, path = url[len("https://"):].partition("/")
    url = "https://" + head.lower() + ("/" + path if path else "")
    root = repository_root(url)
    if root is not None:
        return root, True
    return url.rstrip("/"), False


def _links_in_field(field: str, text: str, source: str) -> Iterator[Link]:
    for candidate in _candidates(text):
        url, is_repository = normalize_url(candidate.raw)
        if "." not in url[len("https://"):].split("/", 1)[0]:
            continue
        evidence = Evidence(
            source=source,
            field=field,
            sentence=sentence_around(text, candidate.start, candidate.end),
            start=candidate.start,
            end=candidate.end,
            rule=RULE_TEXT,
            confidence=CONFIDENCE_TEXT,
        )
        yield Link(url, is_repository, evidence)


def metadata_links(urls: tuple[str, ...], source: str) -> Iterator[Link]:
    """Links a source states outright (e.g. a listing's code or project field)."""
    for raw in urls:
        if not raw.strip():
            continue
        url, is_repository = normalize_url(raw)
        evidence = Evidence(source, "metadata", raw, 0, len(raw), RULE_METADATA,
                            CONFIDENCE_METADATA)
        yield Link(url, is_repository, evidence)


def find_links(
    fields: Mapping[str, str], source: str, metadata: tuple[str, ...] = ()
) -> list[Link]:
    """Every distinct URL in the given text fields (and metadata URLs), first occurrence kept.

    Parameters
    ----------
    fields : mapping of field name ("title", "abstract") to its text
    source : path of the file the record came from, kept in each evidence
    metadata : URLs the source states in fields of their own

    Examples
    --------
    >>> links = find_links({"abstract": "Code: github.com/a/b. Demo at https://a.github.io/b/."}, "x.txt")
    >>> [(link.url, link.is_repository) for link in links]
    [('https://github.com/a/b', True), ('https://a.github.io/b', False)]
    """
    seen: set[str] = set()
    found: list[Link] = []
    texts = (_links_in_field(name, text, source) for name, text in fields.items())
    for links in (*texts, metadata_links(metadata, source)):
        for link in links:
            key = link.url.lower()
            if key not in seen:
                seen.add(key)
                found.append(link)
    return found
