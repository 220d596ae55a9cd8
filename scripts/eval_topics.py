"""How well `briefing sources add` picks a draft finding's topic, measured on held-out data.

    python scripts/eval_topics.py [--seed 12] [--test-size 0.25]

Splits the labelled sentences (tests/data/topic_sentences.tsv) into train and test,
stratified by topic, with a fixed seed. The model trains on the train part plus the
built-in knowledge base's approved findings (as `sources add` does) and is scored on
the test part, which no finding or training sentence overlaps. Prints precision,
recall and F1 per topic and macro-F1, for the model and for the keyword baseline.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sklearn.metrics import precision_recall_fscore_support  # noqa: E402
from sklearn.model_selection import StratifiedKFold, train_test_split  # noqa: E402

from briefing.ingest import classify  # noqa: E402
from briefing.knowledge.loader import load_knowledge  # noqa: E402


def report(name: str, gold: list[str], pred: list[str], labels: list[str]) -> float:
    p, r, f, n = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    print(f"\n{name}")
    print(f"  {'topic':<14} {'precision':>9} {'recall':>7} {'F1':>6} {'n':>4}")
    for i, label in enumerate(labels):
        print(f"  {label:<14} {p[i]:9.2f} {r[i]:7.2f} {f[i]:6.2f} {n[i]:4d}")
    macro = sum(f) / len(labels)
    print(f"  {'macro-F1':<14} {macro:>24.3f}")
    return macro


def fit_predict(train, test_texts):
    model = classify.make_pipeline()
    model.fit([e.text for e in train], [e.topic for e in train])
    return list(model.predict(test_texts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--test-size", type=float, default=0.25)
    args = parser.parse_args()

    labelled = classify.read_labelled()
    findings = classify.finding_examples(load_knowledge().findings.values())
    labels = sorted({e.topic for e in labelled})
    train, test = train_test_split(labelled, test_size=args.test_size, random_state=args.seed,
                                   stratify=[e.topic for e in labelled])
    gold = [e.topic for e in test]
    texts = [e.text for e in test]
    print(f"labelled sentences: {len(labelled)} (train {len(train)}, held-out test {len(test)}); "
          f"approved findings added to training: {len(findings)}; seed {args.seed}")
    model_f1 = report("model: char 1-4-gram TF-IDF + logistic regression", gold, fit_predict(train + findings, texts),
                      labels)
    base_f1 = report("baseline: keyword counts", gold, [classify.keyword_topic(t) for t in texts], labels)

    # The same comparison over 5 folds, so one lucky split cannot carry the result.
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=args.seed)
    topics = [e.topic for e in labelled]
    cv_model, cv_base = [], []
    for tr, te in folds.split(labelled, topics):
        tr_set = [labelled[i] for i in tr] + findings
        te_set = [labelled[i] for i in te]
        g = [e.topic for e in te_set]
        pm = fit_predict(tr_set, [e.text for e in te_set])
        pb = [classify.keyword_topic(e.text) for e in te_set]
        cv_model.append(precision_recall_fscore_support(g, pm, labels=labels, average="macro", zero_division=0)[2])
        cv_base.append(precision_recall_fscore_support(g, pb, labels=labels, average="macro", zero_division=0)[2])
    print(f"\nheld-out macro-F1: model {model_f1:.3f}, keyword baseline {base_f1:.3f}")
    print("5-fold macro-F1: model " + " ".join(f"{x:.2f}" for x in cv_model) + f" (mean {sum(cv_model) / 5:.3f}); "
          "baseline " + " ".join(f"{x:.2f}" for x in cv_base) + f" (mean {sum(cv_base) / 5:.3f})")


if __name__ == "__main__":
    main()
