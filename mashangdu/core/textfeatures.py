"""Chinese text features shared by routing and technology matching: single characters and character pairs
(decision 0011; bench/routing.py found them better than jieba words on the county's messages, and they
need no dictionary for new technical terms)."""

from __future__ import annotations

from typing import Any

NGRAMS = (1, 2)  # characters and character pairs


def char_vectorizer(*, use_idf: bool = True, min_df: int = 1) -> Any:
    """An unfitted scikit-learn TF-IDF vectoriser over characters and character pairs, sublinear term
    frequencies, rows of unit length (so a product of two rows is their cosine)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer="char", ngram_range=NGRAMS, sublinear_tf=True, use_idf=use_idf, min_df=min_df)
