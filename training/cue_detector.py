"""Train the learned cue pass (attribution/extract/learned.py) on PolNeAR train.

    python -m training.cue_detector [--polnear ../shared/data/polnear/train] [--cache .train/cache/train]

Each article is parsed with the shipped model (parses are cached in ``--cache``, so a second
run reads them in seconds), the rules run alone (``extract(..., learned_cues=False)``), and
every content word that no rule took as a cue becomes a row: its sparse features and whether
it lies in a gold cue that the rules missed. Words inside a gold cue the rules found are left
out (they would only repeat that cue). A logistic regression (L2, full-batch L-BFGS in
torch) is fitted to the rows. A second one, the veto, is fitted to the rules' own
attributions (quotations, inverted and according-to forms left out): their features
(``learned.veto_features``) and whether the cue overlaps a gold cue. The two decision
thresholds are the pair with the best cue F1 of the whole extraction (rules less what the
veto drops, plus the learned pass, scored like ``attribution eval``) over a 5-fold
cross-validation by article on train. Dev is never read. The weights of features seen at
least twice, and at least 0.02 in absolute value, are written to
``attribution/data/cue_model.json.gz`` with what was measured.

Retrain whenever the rules change what they find: the model reads their output as context.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from training.common import REPO, sparse_rows

DEFAULT_POLNEAR = os.path.join('..', 'shared', 'data', 'polnear', 'train')
DEFAULT_CACHE = os.path.join('.train', 'cache', 'train')
THRESHOLDS = (0.35, 0.4, 0.45, 0.5, 0.55)
#: veto thresholds tried (0.0: the veto keeps everything)
VETO_THRESHOLDS = (0.0, 0.2, 0.25, 0.3, 0.35, 0.4)
FOLDS = 5


def _rows(doc, rules, gold, learned, lex):
    """(features, label) for every candidate word of one article, with the rules' context."""
    from attribution.model import Span

    ctx = learned.Context.of(rules.found)
    gold_cues = [g.cue for g in gold if g.cue]
    hit = [c for c in gold_cues if any(s.overlaps(p) for s in c for p in ctx.cue_spans)]
    missed = [c for c in gold_cues if c not in hit]
    rows = []
    for sent in doc.sentences:
        for w in learned.candidates(sent, ctx, lex):
            span = Span(w.start, w.end, w.text)
            if any(s.overlaps(span) for c in hit for s in c):
                continue
            label = any(s.overlaps(span) for c in missed for s in c)
            rows.append((learned.features(sent, w, ctx, learned.in_quotes(rules.quotes, w)), label))
    return rows


#: of veto thresholds whose cross-validated cue F1 is this close to the best, the lowest is taken
VETO_TOLERANCE = 0.0005


def choose(cv: dict) -> tuple[float, float]:
    """(learned threshold, veto threshold) from cross-validated scores ``{(t, v): {'cue': F1,
    'source': F1}}``: the best cue F1 (then source F1); then, at that learned threshold, the
    lowest veto threshold within :data:`VETO_TOLERANCE` of it. Each attribution the veto
    drops disappears from the product's report, so of near-equal choices the one that drops
    the fewest wins."""
    t, v = max(cv, key=lambda tv: (round(cv[tv]['cue'], 4), round(cv[tv]['source'], 4)))
    # compared in whole units of the fourth decimal: 0.7880 - 0.0005 is 0.78750000000000001 in floats,
    # which would leave out a score of exactly 0.7875
    best, tolerance = round(cv[(t, v)]['cue'] * 10_000), round(VETO_TOLERANCE * 10_000)
    near = [u for (s, u), x in cv.items() if s == t and u <= v and best - round(x['cue'] * 10_000) <= tolerance]
    return t, min(near)


def _veto_rows(doc, rules, gold, learned):
    """(features, label) for every attribution of the rules that the veto may read: label
    True when its cue overlaps a gold cue."""
    ctx = learned.Context.of(rules.found)
    gold_spans = [s for g in gold for s in g.cue]
    return [
        (learned.veto_features_in(doc, f, ctx, rules.quotes), any(f.cue.span.overlaps(s) for s in gold_spans))
        for f in learned.vetoable(rules.found)
    ]


def fit(rows, l2=1.0, min_count=2, iters=150):
    """Weights of a logistic regression over the rows' string features (features seen in
    fewer than ``min_count`` rows are dropped)."""
    import torch

    vocab, idx_t, off_t = sparse_rows(rows, min_count)
    y = torch.tensor([float(label) for _, label in rows])
    w = torch.zeros(len(vocab), 1, requires_grad=True)
    opt = torch.optim.LBFGS([w], lr=1, max_iter=iters, history_size=20, line_search_fn='strong_wolfe')

    def closure():
        opt.zero_grad()
        z = torch.nn.functional.embedding_bag(idx_t, w, off_t, mode='sum').squeeze(1)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y, reduction='sum') + l2 * (w ** 2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    weights = w.detach().squeeze(1).tolist()
    return {f: round(weights[i], 4) for f, i in vocab.items() if abs(weights[i]) >= 1e-3}


def _score(articles, passes, extra=None, dropped=None):
    """Cue and source tallies of the extraction (rules less those in ``dropped``, plus the
    learned attributions in ``extra`` when given), scored like ``attribution eval``."""
    from attribution.evaluation.score import score_article, total
    from attribution.extract import _freeze

    scores = []
    for i, (a, rules) in enumerate(zip(articles, passes, strict=True)):
        gone = dropped[i] if dropped else set()
        found = [f for f in rules.found if id(f) not in gone] + (extra[i] if extra else [])
        scores.append(score_article(a.text, tuple(_freeze(found)), a.attributions))
    return total(scores)


def main(argv=None):
    ap = argparse.ArgumentParser(prog='python -m training.cue_detector', description=__doc__.split('\n\n')[0])
    ap.add_argument('--polnear', default=DEFAULT_POLNEAR, help='PolNeAR train folder (text/, attributions/)')
    ap.add_argument('--cache', default=DEFAULT_CACHE, help='parse cache folder')
    ap.add_argument('--out', default=None, help='weight file (default: the package data file)')
    ap.add_argument('--l2', type=float, default=1.0)
    ap.add_argument('--veto-l2', type=float, default=1.0,
                    help='L2 penalty of the veto model (1.0 and 5.0 tried: train CV cue F1 0.7823 and 0.7827)')
    ap.add_argument('--min-count', type=int, default=2)
    ap.add_argument('--min-weight', type=float, default=0.02,
                    help='leave out weights smaller than this in absolute value from the file (half the '
                         'features, no measurable change)')
    ap.add_argument('--limit', type=int, help='use only the first N articles of a fixed shuffle (for a quick try)')
    args = ap.parse_args(argv)

    from attribution.cli.context import load_parser_or_fail
    from attribution.evaluation.brat import load_folder
    from attribution.extract import learned
    from attribution.nlp import clusters
    from attribution.nlp.cache import CachedParser

    started = time.time()
    if not clusters.load_clusters():
        print(f'warning: no word-cluster table at {clusters.CLUSTERS_PATH} (python -m training.clusters): '
              'the model is trained without cluster features', file=sys.stderr)
    articles = load_folder(Path(args.polnear))
    random.Random(13).shuffle(articles)  # a partial run (--limit) is a fair sample of the outlets
    if args.limit:
        articles = articles[: args.limit]
    parser = CachedParser(load_parser_or_fail(None), Path(args.cache))
    docs = []
    for i, a in enumerate(articles, 1):
        docs.append(parser.parse(a.text))
        if i % 50 == 0 or i == len(articles):
            print(f'parsed {i}/{len(articles)}', file=sys.stderr, flush=True)
    from attribution.extract import learned_pass, rule_pass
    from attribution.extract.lexicon import default_lexicon

    lex = default_lexicon()
    passes = [rule_pass(d, lex) for d in docs]
    rows = [_rows(d, p, a.attributions, learned, lex) for a, d, p in zip(articles, docs, passes, strict=True)]
    vrows = [_veto_rows(d, p, a.attributions, learned) for a, d, p in zip(articles, docs, passes, strict=True)]
    print(f'{sum(map(len, rows))} rows, {sum(lab for r in rows for _, lab in r)} positive; '
          f'veto: {sum(map(len, vrows))} rows, {sum(lab for r in vrows for _, lab in r)} right', file=sys.stderr)

    # thresholds: cross-validated cue F1 of the whole extraction
    folds = [list(range(k, len(articles), FOLDS)) for k in range(FOLDS)]
    grid = [(t, v) for t in THRESHOLDS for v in VETO_THRESHOLDS]
    tallies = {tv: [] for tv in grid}
    base = _score(articles, passes)
    for k, held in enumerate(folds, 1):
        keep = set(held)
        weights = fit([r for i, rs in enumerate(rows) if i not in keep for r in rs], args.l2, args.min_count)
        vweights = fit([r for i, rs in enumerate(vrows) if i not in keep for r in rs], args.veto_l2, args.min_count)
        m = learned.CueModel(weights, 0.5, {}, vweights, 0.0)
        scored = {i: learned.score_candidates(docs[i], passes[i].found, m, passes[i].quotes, lex) for i in held}
        vprob = {i: [(id(f), m.veto_probability(feats)) for f, (feats, _) in
                     zip(learned.vetoable(passes[i].found), vrows[i], strict=True)] for i in held}
        for t in THRESHOLDS:
            extra = [learned_pass(docs[i], passes[i], lex, scored[i], t) for i in held]
            for v in VETO_THRESHOLDS:
                dropped = [{fid for fid, pr in vprob[i] if pr < v} for i in held]
                tallies[(t, v)].append(_score([articles[i] for i in held], [passes[i] for i in held], extra, dropped))
        print(f'fold {k}/{FOLDS} done ({time.time() - started:.0f} s)', file=sys.stderr, flush=True)
    cv = {}
    for tv, parts in tallies.items():
        agg = {name: [sum(getattr(getattr(p, name), f) for p in parts) for f in
                      ('pred_total', 'pred_right', 'gold_total', 'gold_found')] for name in ('cue', 'source')}
        cv[tv] = {name: _f1(*v) for name, v in agg.items()}
        print(f'threshold {tv[0]}, veto {tv[1]}: cue F1 {cv[tv]["cue"]:.4f}, source F1 {cv[tv]["source"]:.4f}',
              file=sys.stderr)
    best = choose(cv)
    weights = fit([r for rs in rows for r in rs], args.l2, args.min_count)
    weights = {f: v for f, v in weights.items() if abs(v) >= args.min_weight}
    vweights = fit([r for rs in vrows for r in rs], args.veto_l2, args.min_count)
    vweights = {f: v for f, v in vweights.items() if abs(v) >= args.min_weight}
    print(f'final fit done ({time.time() - started:.0f} s)', file=sys.stderr, flush=True)
    rev = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=REPO, capture_output=True, text=True).stdout
    info = {
        'trained': datetime.date.today().isoformat(),
        'data': f'PolNeAR train, {len(articles)} articles ({os.path.basename(os.path.normpath(args.polnear))})',
        'parse_model': f'{parser.name}@{getattr(parser._parser, "version", "")}',
        'rules_at_commit': rev.strip(),
        'word_clusters': len(clusters.load_clusters()),
        'rows': sum(map(len, rows)),
        'veto_rows': sum(map(len, vrows)),
        'veto_right': sum(lab for r in vrows for _, lab in r),
        'veto_l2': args.veto_l2,
        'veto_features': len(vweights),
        'positive': sum(lab for r in rows for _, lab in r),
        'l2': args.l2,
        'min_count': args.min_count,
        'min_weight': args.min_weight,
        'features': len(weights),
        'rules_alone_train': {'cue': _f1(*_parts(base.cue)), 'source': _f1(*_parts(base.source))},
        'cv_by_threshold': {f'{t} veto {v}': x for (t, v), x in cv.items()},
        'seconds': round(time.time() - started),
    }
    out = Path(args.out) if args.out else learned.MODEL_PATH
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix('.tmp')
    # mtime=0 and sorted keys: the same training gives the same bytes
    with open(tmp, 'wb') as raw, gzip.GzipFile(fileobj=raw, mode='wb', mtime=0, filename='') as gz:
        gz.write(json.dumps({'threshold': best[0], 'info': info, 'weights': weights,
                             'veto': {'threshold': best[1], 'weights': vweights}}, sort_keys=True).encode())
    os.replace(tmp, out)
    shown = {k: v for k, v in info.items() if k != 'cv_by_threshold'}
    print(json.dumps({'out': str(out), 'threshold': best[0], 'veto_threshold': best[1], **shown,
                      'cv_best': cv[best]}, indent=1))


def _parts(t):
    return (t.pred_total, t.pred_right, t.gold_total, t.gold_found)


def _f1(pred_total, pred_right, gold_total, gold_found):
    p = pred_right / pred_total if pred_total else 0.0
    r = gold_found / gold_total if gold_total else 0.0
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


if __name__ == '__main__':
    main()
