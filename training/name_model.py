"""Train and cross-validate the name model of ``attribution/nlp/name_classifier.py``.

It learns from the NER model's output on documents that model was not trained on: the parses
of ``python -m training.ner_cv`` (each fold of GUM train parsed by the model trained on the
other two folds, cached with the model's own entities). The product's repair and propagation
are applied, every candidate gets its features, and its label is the gold type of the gold name
with exactly its character span, or NONE.

    python -m training.name_model cv [--work W]       # each fold scored by weights from the other two
    python -m training.name_model write [--work W]    # weights from all folds -> package data

``cv`` prints the exact-span F1 of the folds without and with the model (the estimate the
shipping decision is made on); ``write`` stores the weights in
``attribution/data/name_model.json.gz``. GUM dev and test are never read here.
"""
import argparse
import collections
import datetime
import gzip
import json
import os
import subprocess

from training.common import DEFAULT_DATA, DEFAULT_WORK, Paths, sparse_rows
from training.ner_cv import _load_parsed


def _prepare(parsed):
    """Per fold: a list of (doc, gold spans, rows); rows are (features, label index)."""
    from attribution.nlp import entity_types, names
    from attribution.nlp.entity_types import default_name_lists
    from attribution.nlp.name_classifier import LABELS, candidate_features

    lists = default_name_lists()
    out = []
    for fold in parsed:
        docs = []
        for g, doc in zip(fold['golds'], fold['docs'], strict=True):
            doc = names.propagate_names(entity_types.repair_entities(doc))
            gold = {(n.start, n.end): n.type for n in g.names}
            rows = []
            for c, feats in candidate_features(doc, lists):
                sent = doc.sentences[c.sentence]
                span = (sent.tokens[c.first].start, sent.tokens[c.last].end)
                rows.append((feats, LABELS.index(gold.get(span, 'NONE'))))
            docs.append((doc, [(n.start, n.end, n.type) for n in g.names], rows))
        out.append(docs)
    return out


def fit(rows, l2=1.0, min_count=2, iters=200):
    """Weights of a multinomial logistic regression over the rows' string features (features
    seen in fewer than ``min_count`` rows dropped): feature -> one weight per class."""
    import torch

    from attribution.nlp.name_classifier import LABELS

    torch.manual_seed(0)
    vocab, idx_t, off_t = sparse_rows(rows, min_count)
    y = torch.tensor([label for _, label in rows], dtype=torch.long)
    w = torch.zeros(len(vocab), len(LABELS), dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([w], lr=1, max_iter=iters, history_size=20, line_search_fn='strong_wolfe')

    def closure():
        opt.zero_grad()
        z = torch.nn.functional.embedding_bag(idx_t, w, off_t, mode='sum')
        loss = torch.nn.functional.cross_entropy(z, y, reduction='sum') + l2 * (w ** 2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    weights = w.detach().tolist()
    return {f: [round(v, 4) for v in weights[i]] for f, i in vocab.items() if max(abs(v) for v in weights[i]) >= 1e-3}


def _apply(docs, model):
    from attribution.nlp.name_classifier import classify_names
    from attribution.nlp.ner_eval import NER_TYPES, pred_type

    gold, pred = [], []
    for doc, gs, _ in docs:
        if model is not None:
            doc = classify_names(doc, model)
        gold.append(gs)
        pred.append([(e.start, e.end, t) for e in doc.entities if (t := pred_type(e.type)) in NER_TYPES.values()])
    return gold, pred


def cross_validate(prepared, l2=1.0, min_count=2, margins=(0.0,), extra=()):
    """Exact-span scores over all folds without and with the model, and per-fold F1s. ``extra``:
    more prepared folds of the same documents (other NER runs' parses) whose rows join the
    training rows of the folds they do not hold out."""
    from attribution.nlp.name_classifier import NameModel
    from attribution.nlp.ner_eval import score

    weights = []
    for k in range(len(prepared)):
        others = [fold for folds in (prepared, *extra) for j, fold in enumerate(folds) if j != k]
        rows = [r for fold in others for _, _, rs in fold for r in rs]
        weights.append({f: tuple(w) for f, w in fit(rows, l2, min_count).items()})
    results = {}
    for label, margin in [('without', None)] + [('with margin %.2f' % m, m) for m in margins]:
        gold_all, pred_all, per_fold = [], [], []
        for k, docs in enumerate(prepared):
            model = None if margin is None else NameModel(weights[k], {}, margin)
            g, p = _apply(docs, model)
            per_fold.append(score(g, p)[0]['ALL']['F1'])
            gold_all += g
            pred_all += p
        exact, overlap = score(gold_all, pred_all)
        results[label] = (exact, overlap, per_fold)
    return results


def _package_version():
    from training.common import PACKAGE_DIR

    try:
        with open(os.path.join(PACKAGE_DIR, 'manifest.json')) as f:
            return str(json.load(f).get('version', ''))
    except OSError:
        return ''


def main(argv=None):
    from training.ner_cv import _line

    p = argparse.ArgumentParser(prog='python -m training.name_model', description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('step', choices=['cv', 'write'])
    p.add_argument('--data', default=DEFAULT_DATA)
    p.add_argument('--work', default=DEFAULT_WORK)
    p.add_argument('--l2', type=float, nargs='+', default=[3.0],
                   help='L2 penalty (default 3, chosen by `cv`); cv scores each penalty given, write uses the first')
    p.add_argument('--min-count', type=int, default=2)
    p.add_argument('--margin', type=float, nargs='+', default=[0.2],
                   help='how much more probable a new class must be than the candidate\'s own to replace it '
                        '(default 0.2, chosen by `cv`); cv scores each margin given, write stores the first')
    p.add_argument('--out', help='write: the weight file (default: the package data file)')
    p.add_argument('--extra-work', nargs='+', default=[], metavar='W',
                   help='more work folders with the same folds parsed by other NER runs (other seeds): '
                        'their rows join the training rows; cv still scores the parses of --work')
    args = p.parse_args(argv)
    prepared = _prepare(_load_parsed(Paths(args.data, args.work)))
    extra = [_prepare(_load_parsed(Paths(args.data, w))) for w in args.extra_work]
    if args.step == 'cv':
        for i, l2 in enumerate(args.l2):
            for label, result in cross_validate(prepared, l2, args.min_count, args.margin, extra).items():
                if label != 'without' or i == 0:
                    print(_line(label if label == 'without' else 'l2 %g, %s' % (l2, label), *result))
        return
    from attribution.nlp.name_classifier import FORMAT, LABELS, MODEL_PATH

    rows = [r for folds in (prepared, *extra) for docs in folds for _, _, rs in docs for r in rs]
    weights = fit(rows, args.l2[0], args.min_count)
    rev = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True).stdout.strip()
    info = {
        'trained': datetime.date.today().isoformat(),
        'rows': len(rows),
        'features': len(weights),
        'l2': args.l2[0],
        'min_count': args.min_count,
        'labels': dict(collections.Counter(LABELS[y] for _, y in rows)),
        'rules_at_commit': rev,
        # the errors it learned are those of this package's NER recipe, trained on other folds
        'ner_recipe_of': _package_version(),
    }
    out = args.out or str(MODEL_PATH)
    data = {'format': FORMAT, 'labels': list(LABELS), 'margin': args.margin[0], 'info': info,
            'weights': dict(sorted(weights.items()))}
    body = json.dumps(data, ensure_ascii=False, separators=(',', ':'))
    with open(out, 'wb') as raw, gzip.GzipFile(filename='', fileobj=raw, mode='wb', compresslevel=9, mtime=0) as f:
        f.write(body.encode('utf-8'))  # mtime 0: the same weights give the same bytes
    print('%d features, %d rows -> %s (%.1f KB)' % (len(weights), len(rows), out, os.path.getsize(out) / 1024))


if __name__ == '__main__':
    main()
