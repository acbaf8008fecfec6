"""Plan cascade: which task of the upper plan each task of a lower plan carries out. Pure.

Lower plans copy, shorten or reword the upper plan's tasks, so the pairing is by text
similarity: TF-IDF weighted word unigrams and bigrams (diacritics removed, so "Thông kê" and
"Thống kê" meet), cosine similarity, each lower task paired with its most similar upper task
above a floor. The section a task sits in is part of its text, with less weight, so two
tasks with the same words under different sections ("Tăng tỷ lệ yêu cầu bồi thường" in both
VII and VIII of seed 000) lean towards the section that matches.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from dondoc.org.names import strip_diacritics

MIN_SCORE = 0.2  # below this a pair is noise: no suggestion
CONTEXT_WEIGHT = 0.35  # weight of the ancestors' words against the task's own
_WORD_RE = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Item:
    key: int
    text: str  # the task's own title (and expected result)
    context: str = ""  # its ancestors' titles


@dataclass(frozen=True)
class Suggestion:
    lower: int
    upper: int
    score: float


def _terms(text: str) -> list[str]:
    words = _WORD_RE.findall(strip_diacritics(text).lower().replace("đ", "d"))
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


def _vectors(items: Sequence[Item], idf: dict[str, float]) -> list[dict[str, float]]:
    vectors = []
    for item in items:
        weights: dict[str, float] = {}
        for term, count in Counter(_terms(item.text)).items():
            weights[term] = weights.get(term, 0.0) + (1 + math.log(count)) * idf.get(term, 0.0)
        for term, count in Counter(_terms(item.context)).items():
            extra = CONTEXT_WEIGHT * (1 + math.log(count)) * idf.get(term, 0.0)
            weights[term] = weights.get(term, 0.0) + extra
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors.append({term: w / norm for term, w in weights.items() if w})
    return vectors


def similarity_matrix(lower: Sequence[Item], upper: Sequence[Item]) -> list[list[float]]:
    documents = [set(_terms(i.text + " " + i.context)) for i in [*lower, *upper]]
    frequency: Counter[str] = Counter(term for terms in documents for term in terms)
    total = len(documents)
    idf = {term: math.log((1 + total) / (1 + df)) + 1 for term, df in frequency.items()}
    lower_vectors, upper_vectors = _vectors(lower, idf), _vectors(upper, idf)
    return [
        [sum(w * u.get(term, 0.0) for term, w in lv.items()) for u in upper_vectors]
        for lv in lower_vectors
    ]


def suggest(lower: Sequence[Item], upper: Sequence[Item]) -> list[Suggestion]:
    """For each lower item, its most similar upper item when similar enough."""
    if not lower or not upper:
        return []
    suggestions = []
    for item, row in zip(lower, similarity_matrix(lower, upper), strict=True):
        best = max(range(len(upper)), key=row.__getitem__)
        if row[best] >= MIN_SCORE:
            suggestions.append(Suggestion(item.key, upper[best].key, round(row[best], 3)))
    return suggestions
