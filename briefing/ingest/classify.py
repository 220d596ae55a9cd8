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


class TopicClassifier:
    def __init__(self, model, topics: tuple[str, ...]):
        self.model = model
        self.topics = topics

    @classmethod
    def train(cls, examples: list[Example], allowed: tuple[str, ...] | None = None) -> "TopicClassifier":
        """Train on the examples whose topic is allowed (all when None); cached by content."""
        if allowed is not None:
            examples = [e for e in examples if e.topic in allowed]
        labels = sorted({e.topic for e in examples})
        if len(labels) < 2:
            return cls(None, tuple(labels))
        digest = hashlib.sha256(b"topic-v1\0" + Path(__file__).read_bytes())
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
        model = make_pipeline()
        model.fit([e.text for e in examples], [e.topic for e in examples])
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
