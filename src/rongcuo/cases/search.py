"""Chinese search over cases: words segmented by jieba, matched against each case's segmented
`search_text`. On PostgreSQL the match is a full-text query on a GIN index (the 'simple'
configuration: the words are already segmented, no stemming); SQLite, for development, scans."""

from __future__ import annotations

import logging
from functools import lru_cache

from django.db import connection
from django.db.models import Q, QuerySet

from rongcuo.cases.models import Case

MAX_QUERY_WORDS = 10
MAX_QUERY_CHARS = 100


@lru_cache(maxsize=1)
def _jieba() -> object:
    import jieba

    jieba.setLogLevel(logging.WARNING)  # no dictionary-loading chatter in the server log
    jieba.initialize()
    return jieba


def words(text: str) -> list[str]:
    jieba = _jieba()
    return [t for t in (w.strip().lower() for w in jieba.cut_for_search(text)) if t]  # type: ignore[attr-defined]


def segmented(*texts: str) -> str:
    """Every word of the texts, and each whole text up to 20 characters (a name, a number)."""
    found: dict[str, None] = {}
    for text in texts:
        text = (text or "").strip()
        if not text:
            continue
        for part in text.split():
            if len(part) <= 20:
                found[part.lower()] = None
        for word in words(text):
            found[word] = None
    return " ".join(found)


def search_terms(query: str) -> list[str]:
    """The words of a query: each part kept whole when short (a name, a number), longer phrases
    split into words, at most MAX_QUERY_WORDS of them."""
    terms: list[str] = []
    for part in query[:MAX_QUERY_CHARS].split():
        if len(part) <= 3:
            terms.append(part.lower())
        else:
            terms += [w for w in words(part) if len(w) > 1 or not w.isascii()]
    return list(dict.fromkeys(terms))[:MAX_QUERY_WORDS]


def matching(cases: QuerySet[Case], query: str) -> QuerySet[Case]:
    terms = search_terms(query)
    if not terms:
        return cases
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        wanted = SearchQuery(" & ".join(_quoted(t) for t in terms), config="simple", search_type="raw")
        return cases.annotate(words=SearchVector("search_text", config="simple")).filter(words=wanted)
    condition = Q()
    for term in terms:
        condition &= Q(search_text__icontains=term)
    return cases.filter(condition)


def _quoted(term: str) -> str:
    """A term as a tsquery operand: its words in sequence (a term of several words, like a
    number 历司容立〔2026〕1号, must match them in order), each quoted."""
    parts = ["'" + w.replace("'", "''").replace("\\", "") + "'" for w in _tokens(term)]
    return "(" + " <-> ".join(parts) + ")" if len(parts) > 1 else (parts[0] if parts else "''")


def _tokens(term: str) -> list[str]:
    """How PostgreSQL's 'simple' parser splits the term, approximately: on spaces only, since
    the stored text is space-joined words."""
    return [t for t in term.split() if t]
