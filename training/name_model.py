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


def _label(doc, gold, c):
    """The label index of candidate ``c``: the type of the gold name with exactly its characters
    (``gold``: (start, end) -> type), or NONE."""
    from attribution.nlp.name_classifier import LABELS

    sent = doc.sentences[c.sentence]
    return LABELS.index(gold.get((sent.tokens[c.first].start, sent.tokens[c.last].end), 'NONE'))


def _documents(fold):
    """A fold's documents as the pass sees them (repair and propagation applied), each with its
    gold names as (start, end) -> type."""
    from attribution.nlp import entity_types, names

    for g, doc in zip(fold['golds'], fold['docs'], strict=True):
        yield names.propagate_names(entity_types.repair_entities(doc)), {(n.start, n.end): n.type for n in g.names}, g


def labelled_sentences(fold):
    """A fold's candidates grouped by sentence, for fine-tuning the encoder: a list of (words,
    [(first token, last token, label index)])."""
    from attribution.nlp.name_classifier import candidates

    out = []
    for doc, gold, _ in _documents(fold):
        by_sentence = {}
        for c in candidates(doc):
            by_sentence.setdefault(c.sentence, []).append((c.first, c.last, _label(doc, gold, c)))
        for si, spans in sorted(by_sentence.items()):
            out.append(([t.text for t in doc.sentences[si].tokens], spans))
    return out


def _prepare(parsed, encoder=None):
    """Per fold: a list of (doc, gold spans, rows); rows are (features, label index, vector):
    the candidate's encoder vector (``span_vectors``), None without an encoder."""
    from attribution.nlp.entity_types import default_name_lists
    from attribution.nlp.name_classifier import candidate_features, span_vectors

    lists = default_name_lists()
    out = []
    for fold in parsed:
        docs = []
        for doc, gold, g in _documents(fold):
            rows = []
            pairs = candidate_features(doc, lists)
            vectors = span_vectors(doc, [c for c, _ in pairs], encoder) if encoder else [None] * len(pairs)
            for (c, feats), vec in zip(pairs, vectors, strict=True):
                rows.append((feats, _label(doc, gold, c), vec))
            docs.append((doc, [(n.start, n.end, n.type) for n in g.names], rows))
        out.append(docs)
    return out


def fit(rows, l2=1.0, min_count=2, iters=200, dim=128, l2_dense=10.0):
    """A multinomial logistic regression over the rows' string features (features seen in fewer
    than ``min_count`` rows dropped) and, when the rows carry encoder vectors, over those.

    Returns (weights, dense): feature -> one weight per class, and None or (width x classes
    matrix, bias) as nested lists. The vectors enter the fit as their top ``dim`` principal
    components, centred and scaled to unit variance, under their own L2 penalty (``l2_dense``):
    768 raw dimensions against 5,000 rows over-fit (cross-validation 68.4 against 72.8 with
    128 components); the components are folded back into one matrix on the raw vector, so the
    product does a single product per candidate."""
    import torch

    from attribution.nlp.name_classifier import LABELS

    torch.manual_seed(0)
    vocab, idx_t, off_t = sparse_rows([(f, y) for f, y, _ in rows], min_count)
    y = torch.tensor([label for _, label, _ in rows], dtype=torch.long)
    w = torch.zeros(len(vocab), len(LABELS), dtype=torch.float64, requires_grad=True)
    params = [w]
    dense = rows and rows[0][2] is not None
    if dense:
        x = torch.stack([torch.as_tensor(v, dtype=torch.float64) for _, _, v in rows])
        mu = x.mean(0)
        _, _, vt = torch.linalg.svd(x - mu, full_matrices=False)
        proj = vt[:dim].T
        z_in = (x - mu) @ proj
        sd = z_in.std(0) + 1e-6
        z_in = z_in / sd
        wd = torch.zeros(proj.shape[1], len(LABELS), dtype=torch.float64, requires_grad=True)
        params.append(wd)
    opt = torch.optim.LBFGS(params, lr=1, max_iter=iters, history_size=20, line_search_fn='strong_wolfe')

    def closure():
        opt.zero_grad()
        z = torch.nn.functional.embedding_bag(idx_t, w, off_t, mode='sum')
        loss = l2 * (w ** 2).sum()
        if dense:
            z = z + z_in @ wd
            loss = loss + l2_dense * (wd ** 2).sum()
        loss = loss + torch.nn.functional.cross_entropy(z, y, reduction='sum')
        loss.backward()
        return loss

    opt.step(closure)
    weights = w.detach().tolist()
    sparse = {f: [round(v, 4) for v in weights[i]] for f, i in vocab.items()
              if max(abs(v) for v in weights[i]) >= 1e-3}
    if not dense:
        return sparse, None
    a = (proj / sd) @ wd.detach()
    b = -(mu @ a)
    return sparse, ([[round(v, 6) for v in r] for r in a.tolist()], [round(v, 6) for v in b.tolist()])


def name_model(weights, dense, margin):
    """The product's model from :func:`fit`'s result."""
    import torch

    from attribution.nlp.name_classifier import Dense, NameModel

    part = None if dense is None else Dense(torch.tensor(dense[0], dtype=torch.float32), tuple(dense[1]))
    return NameModel({f: tuple(w) for f, w in weights.items()}, {}, margin, part)


def _apply(docs, model, encoder=None):
    from attribution.nlp.name_classifier import classify_names
    from attribution.nlp.ner_eval import NER_TYPES, pred_type

    gold, pred = [], []
    for doc, gs, _ in docs:
        if model is not None:
            doc = classify_names(doc, model, encoder)
        gold.append(gs)
        pred.append([(e.start, e.end, t) for e in doc.entities if (t := pred_type(e.type)) in NER_TYPES.values()])
    return gold, pred


def cross_validate(prepared, l2=1.0, min_count=2, margins=(0.0,), extra=(), encoder=None, dim=128, l2_dense=10.0):
    """Exact-span scores over all folds without and with the model, and per-fold F1s. ``extra``:
    more prepared folds of the same documents (other NER runs' parses) whose rows join the
    training rows of the folds they do not hold out. With ``encoder`` (the rows then carry
    its vectors) the model has its contextual part."""

    fits = []
    for k in range(len(prepared)):
        others = [fold for folds in (prepared, *extra) for j, fold in enumerate(folds) if j != k]
        rows = [r for fold in others for _, _, rs in fold for r in rs]
        fits.append(fit(rows, l2, min_count, dim=dim, l2_dense=l2_dense))
    return _score_folds([(docs, fits[k], encoder) for k, docs in enumerate(prepared)], margins)


def _score_folds(per_fold, margins):
    """Exact and overlapping scores over all folds, and each fold's F1, without the pass and with
    it at each margin; ``per_fold``: (held-out documents, :func:`fit` result, encoder or None)."""
    from attribution.nlp.ner_eval import score

    results = {}
    for label, margin in [('without', None)] + [('with margin %.2f' % m, m) for m in margins]:
        gold_all, pred_all, f1s = [], [], []
        for docs, fitted, encoder in per_fold:
            g, p = _apply(docs, None if margin is None else name_model(*fitted, margin), encoder)
            f1s.append(score(g, p)[0]['ALL']['F1'])
            gold_all += g
            pred_all += p
        exact, overlap = score(gold_all, pred_all)
        results[label] = (exact, overlap, f1s)
    return results


def cross_validate_tuned(parsed, l2=3.0, min_count=2, margins=(0.2,), dim=128, l2_dense=10.0, bits=4,
                         epochs=None, lr=None, base=None, log=print):
    """:func:`cross_validate` with an encoder fine-tuned per fold: for each held-out fold, the
    original encoder is fine-tuned on the other folds' candidates (``training.encoder.tune``),
    stored in ``bits`` as the product would ship it, and the pass is fitted on the other folds'
    rows with its vectors; the held-out fold is then scored through it. ``base``: the encoder to
    start from, as (float32 file contents, config, pieces); default the original all-MiniLM-L6-v2."""
    from attribution.nlp.encoder import from_data
    from training import encoder as enc_mod

    base, config, vocab = base or enc_mod.original()
    epochs = enc_mod.EPOCHS if epochs is None else epochs
    lr = enc_mod.LR if lr is None else lr
    per_fold = []
    for k in range(len(parsed)):
        sentences = [s for j, fold in enumerate(parsed) if j != k for s in labelled_sentences(fold)]
        tuned = enc_mod.tune(base, sentences, epochs, lr, log=log)
        encoder = from_data(enc_mod.convert(tuned['tensors'], config, vocab, bits))
        prepared = _prepare(parsed, encoder)
        rows = [r for j, fold in enumerate(prepared) if j != k for _, _, rs in fold for r in rs]
        per_fold.append((prepared[k], fit(rows, l2, min_count, dim=dim, l2_dense=l2_dense), encoder))
        log('fold %d tuned and fitted' % k)
    return _score_folds(per_fold, margins)


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
    p.add_argument('--encoder', default=None, metavar='FILE',
                   help='the sentence encoder whose vectors the contextual part reads (default: the '
                        'package\'s, attribution/data/encoder.pt; `python -m training.encoder` writes it)')
    p.add_argument('--no-encoder', action='store_true', help='features alone, no contextual part')
    p.add_argument('--tune', action='store_true',
                   help='cv: fine-tune the original encoder per fold on the other folds\' candidates (as '
                        '`python -m training.encoder --tune` does for the package) instead of using --encoder; '
                        'about 4 minutes a fold on 2 cores')
    p.add_argument('--dim', type=int, nargs='+', default=[128],
                   help='principal components of the encoder vectors the fit uses (default 128, chosen by `cv`)')
    p.add_argument('--l2-dense', type=float, nargs='+', default=[10.0],
                   help='L2 penalty of the contextual part (default 10, chosen by `cv`)')
    args = p.parse_args(argv)
    if args.step == 'cv' and args.tune:
        parsed = _load_parsed(Paths(args.data, args.work))
        for label, result in cross_validate_tuned(parsed, args.l2[0], args.min_count, args.margin, args.dim[0],
                                                  args.l2_dense[0]).items():
            print(_line(label if label == 'without' else 'tuned encoder, %s' % label, *result), flush=True)
        return
    encoder = None
    if not args.no_encoder:
        from attribution.nlp.encoder import ENCODER_PATH, load_encoder

        encoder = load_encoder(args.encoder or ENCODER_PATH)
        if encoder is None:
            raise SystemExit('no encoder at %s: python -m training.encoder writes it (or give --no-encoder)'
                             % (args.encoder or ENCODER_PATH))
        if args.step == 'cv' and encoder.info.get('tuned'):
            # tuned on every fold's candidates: the held-out folds would not be held out
            raise SystemExit('%s was fine-tuned on these candidates, so cv with it would score folds it has seen; '
                             'use cv --tune, or --encoder with an untuned file (python -m training.encoder --out F)'
                             % (args.encoder or ENCODER_PATH))
    prepared = _prepare(_load_parsed(Paths(args.data, args.work)), encoder)
    extra = [_prepare(_load_parsed(Paths(args.data, w)), encoder) for w in args.extra_work]
    if args.step == 'cv':
        first = True
        for l2 in args.l2:
            for dim in (args.dim if encoder else [0]):
                for l2d in (args.l2_dense if encoder else [0]):
                    results = cross_validate(prepared, l2, args.min_count, args.margin, extra, encoder, dim, l2d)
                    for label, result in results.items():
                        if label != 'without' or first:
                            name = 'l2 %g, %s' % (l2, label) if not encoder else 'l2 %g, dim %d, l2-dense %g, %s' % (
                                l2, dim, l2d, label)
                            print(_line(label if label == 'without' else name, *result), flush=True)
                    first = False
        return
    from attribution.nlp.name_classifier import FORMAT, LABELS, MODEL_PATH

    rows = [r for folds in (prepared, *extra) for docs in folds for _, _, rs in docs for r in rs]
    weights, dense = fit(rows, args.l2[0], args.min_count, dim=args.dim[0], l2_dense=args.l2_dense[0])
    rev = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True).stdout.strip()
    info = {
        'trained': datetime.date.today().isoformat(),
        'rows': len(rows),
        'features': len(weights),
        'l2': args.l2[0],
        'min_count': args.min_count,
        'labels': dict(collections.Counter(LABELS[y] for _, y, _ in rows)),
        'rules_at_commit': rev,
        # the errors it learned are those of this package's NER recipe, trained on other folds
        'ner_recipe_of': _package_version(),
    }
    if dense is not None:
        from attribution.nlp.encoder import fingerprint

        info.update({'encoder': fingerprint(args.encoder), 'dim': args.dim[0], 'l2_dense': args.l2_dense[0]})
    out = args.out or str(MODEL_PATH)
    data = {'format': FORMAT, 'labels': list(LABELS), 'margin': args.margin[0], 'info': info,
            'weights': dict(sorted(weights.items()))}
    if dense is not None:
        data['dense'] = {'weights': dense[0], 'bias': dense[1]}
    body = json.dumps(data, ensure_ascii=False, separators=(',', ':'))
    with open(out, 'wb') as raw, gzip.GzipFile(filename='', fileobj=raw, mode='wb', compresslevel=9, mtime=0) as f:
        f.write(body.encode('utf-8'))  # mtime 0: the same weights give the same bytes
    print('%d features, %d rows -> %s (%.1f KB)' % (len(weights), len(rows), out, os.path.getsize(out) / 1024))


if __name__ == '__main__':
    main()
