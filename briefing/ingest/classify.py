"""The topic of a sentence: character n-gram TF-IDF and a linear model (scikit-learn).

It learns from two sets: the knowledge base's own approved findings (their Korean
text and topic) and a labelled sentence set (`tests/data/topic_sentences.tsv`,
shipped in the wheel as `briefing/_topicdata`). Character n-grams suit Korean,
where a word's stem carries particles and endings. No rule is tuned to a sentence.

A trained model is cached under the hash of its training data (~/.cache/briefing),
so only the first `sources add` after a change pays for training.
"""
from __future__ import annotations

import csv
import hashlib
import io
import pickle
from dataclasses import dataclass
from pathlib import Path

from briefing import cache

FALLBACK = "context"
_PACKAGE = Path(__file__).resolve().parent.parent


def labelled_path() -> Path:
    installed = _PACKAGE / "_topicdata" / "topic_sentences.tsv"
    return installed if installed.is_file() else _PACKAGE.parent / "tests" / "data" / "topic_sentences.tsv"


@dataclass(frozen=True)
class Example:
    text: str
    topic: str
    origin: str     # "labelled" or "finding"


def read_labelled(path: Path | None = None) -> list[Example]:
    path = path or labelled_path()
    if not path.is_file():
        return []
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [Example(row["text"], row["topic"], "labelled") for row in reader]


def finding_examples(findings) -> list[Example]:
    """Approved findings of a loaded knowledge base: their Korean text and topic."""
    out = []
    for f in findings:
        if getattr(f, "status", "approved") != "approved":
            continue
        out.append(Example(f.text.ko, f.topic, "finding"))
    return out


def make_pipeline():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline as pipe

    return pipe(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True, min_df=1),
        LogisticRegression(C=20.0, class_weight="balanced", max_iter=2000),
    )


class LinearModel:
    """A fitted TF-IDF + logistic-regression pipeline reduced to arrays, so a cached model
    predicts with numpy alone: scikit-learn (a second or more to import) is only needed
    to train. `predict` reproduces the pipeline exactly (tests compare the two)."""

    def __init__(self, pipeline):
        vectorizer, classifier = pipeline[0], pipeline[-1]
        self.ngram_range = vectorizer.ngram_range
        self.vocabulary = dict(vectorizer.vocabulary_)
        self.idf = vectorizer.idf_.copy()
        self.coef = classifier.coef_.copy()
        self.intercept = classifier.intercept_.copy()
        self.classes = [str(c) for c in classifier.classes_]

    def _ngrams(self, text: str):
        # scikit-learn's analyzer="char_wb": lower-cased words padded with one space each side
        lo, hi = self.ngram_range
        for word in text.lower().split():
            w = f" {word} "
            for n in range(lo, hi + 1):
                for start in range(0, max(len(w) - n, 0) + 1):
                    yield w[start: start + n]
                if len(w) <= n:  # a short word counts once, as scikit-learn does
                    break

    def predict(self, texts: list[str]) -> list[str]:
        import numpy as np

        rows = np.zeros((len(texts), len(self.idf)))
        for i, text in enumerate(texts):
            for gram in self._ngrams(text):
                j = self.vocabulary.get(gram)
                if j is not None:
                    rows[i, j] += 1
        seen = rows > 0
        rows[seen] = 1 + np.log(rows[seen])       # sublinear tf
        rows *= self.idf
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        rows = np.divide(rows, norms, out=np.zeros_like(rows), where=norms > 0)
        scores = rows @ self.coef.T + self.intercept
        return [self.classes[k] for k in scores.argmax(axis=1)]


class TopicClassifier:
    def __init__(self, model, topics: tuple[str, ...]):
        self.model = model
        self.topics = topics

    @classmethod
    def train(cls, examples: list[Example], allowed: tuple[str, ...] | None = None) -> TopicClassifier:
        """Train on the examples whose topic is allowed (all when None); cached by content."""
        if allowed is not None:
            examples = [e for e in examples if e.topic in allowed]
        labels = sorted({e.topic for e in examples})
        if len(labels) < 2:
            return cls(None, tuple(labels))
        digest = hashlib.sha256(b"topic-v2\0" + Path(__file__).read_bytes())
        for e in examples:
            digest.update(f"{e.topic}\0{e.text}\0".encode())
        name = digest.hexdigest() + ".pickle"
        data = cache.read("topics", name)
        if data is not None:
            try:
                model = pickle.loads(data)
                return cls(model, tuple(labels))
            except Exception:  # a damaged cache entry is retrained, never an error
                pass
        pipeline = make_pipeline()
        pipeline.fit([e.text for e in examples], [e.topic for e in examples])
        model = LinearModel(pipeline)
        cache.store("topics", name, pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL))
        return cls(model, tuple(labels))

    def predict(self, texts: list[str]) -> list[str]:
        if not texts:
            return []
        if self.model is None:
            return [self.topics[0] if self.topics else FALLBACK] * len(texts)
        return [str(t) for t in self.model.predict(texts)]


# The keyword baseline that scripts/eval_topics.py prints next to the model: the topic
# whose words a sentence holds most; context when none.
KEYWORDS = {
    "blocking": ["차단", "금지", "제한", "막았", "막는", "중단", "접속"],
    "data_leak": ["유출", "개인정보", "수집", "서버", "입력", "보안"],
    "korean_models": ["한국어", "소버린", "주권", "국산", "한국형", "언어별", "다국어"],
    "open_source": ["오픈소스", "오픈 소스", "공개", "가중치", "라이선스", "파라미터", "MoE", "미세 조정"],
}


def keyword_topic(text: str) -> str:
    scores = {topic: sum(text.count(w) for w in words) for topic, words in KEYWORDS.items()}
    best = max(scores, key=lambda t: scores[t])
    return best if scores[best] > 0 else FALLBACK
