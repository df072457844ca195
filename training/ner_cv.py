"""Cross-validation of the NER model and the product's entity repair over GUM train's documents.

GUM dev holds 352 names in 12 documents and GUM test 516 in 12: a change worth one or two
points moves a handful of names, and the entity repair (attribution/nlp/entity_types.py) was
first tuned on dev. This script gives a larger held-out estimate: GUM train's documents in
name order, every third to a held-out fold (3 folds; about 3,500 held-out names in all); a NER
model is trained on the other two folds with the recipe's hyper-parameters (selected on GUM
dev, as the recipe does), and the product parses the held-out documents with that model.

    python -m training.ner_cv folds  [--data D] [--work W]      # fold files (gold only)
    python -m training.ner_cv train K [--threads N]             # fold K's NER model (about 10 min)
    python -m training.ner_cv parse K                           # the product on fold K, cached
    python -m training.ner_cv score [--ablate] [--errors FILE]  # F1 over the parsed folds

``parse`` caches the parses with the model's own entities (repair, name propagation and the
learned name pass off), so ``score`` re-applies the current repair in seconds: change a rule,
score again. ``score`` leaves the learned name pass out (its shipped weights were trained on
these folds); ``python -m training.name_model cv`` scores it on them fold by fold.
``--ablate`` scores once without each rule. Work files go to ``<work>/ner_cv/``; the model
folder for fold K is a copy of the shipped package with fold K's NER model in it.
"""
import argparse
import json
import os
import pickle
import shutil

from training.common import (
    DEFAULT_DATA,
    DEFAULT_WORK,
    MODEL_FILES,
    PACKAGE_DIR,
    Paths,
    run_module,
)
from training.package import settle_delta
from training.prep import gum_files, ner_sentence, read_conllu
from training.train import HPARAMS, ner_train_args, override

FOLDS = 3


def _dir(paths):
    d = os.path.join(paths.work, 'ner_cv')
    os.makedirs(d, exist_ok=True)
    return d


def _sentences(files):
    out = []
    for fn in files:
        out.extend(ner_sentence(rows) for _, rows in read_conllu(fn))
    return out


def make_folds(paths):
    """fold{K}.txt (held-out documents), train{K}.json (the other folds' sentences), dev.json,
    and float32 NER vectors (the work folder's base vectors, stage ner_pretrain)."""
    import torch

    d = _dir(paths)
    train = gum_files(paths.data, 'train')
    if not train:
        raise SystemExit('no GUM train documents under %s' % paths.data)
    # the base vectors, never the package's: the package's NER vectors may hold a delta folded in
    # from training on all of GUM train, held-out folds included (training.package.fold_delta)
    base = paths.ner_vectors()
    if not base.endswith(MODEL_FILES['ner_pretrain']):
        raise SystemExit('the cross-validation needs the NER model\'s base vectors in %s: run '
                         '`python -m training prep pretrain ner_pretrain --work %s` first'
                         % (paths.models, paths.work))
    with open(os.path.join(d, 'dev.json'), 'w', encoding='utf-8') as f:
        json.dump(_sentences(gum_files(paths.data, 'dev')), f, ensure_ascii=False)
    for k in range(FOLDS):
        held = [fn for i, fn in enumerate(train) if i % FOLDS == k]
        rest = [fn for i, fn in enumerate(train) if i % FOLDS != k]
        with open(os.path.join(d, 'fold%d.txt' % k), 'w') as f:
            f.write('\n'.join(held) + '\n')
        with open(os.path.join(d, 'train%d.json' % k), 'w', encoding='utf-8') as f:
            json.dump(_sentences(rest), f, ensure_ascii=False)
        print('fold %d: %d held-out documents, %d training documents' % (k, len(held), len(rest)))
    vectors = torch.load(base, map_location='cpu', weights_only=False)
    vectors['emb'] = vectors['emb'].float()
    torch.save(vectors, os.path.join(d, 'vectors.pt'))


def train_fold(paths, k, threads, extra=()):
    d = _dir(paths)
    out = os.path.join(d, 'model%d' % k)
    os.makedirs(out, exist_ok=True)
    args = ner_train_args(out, 'nertagger.pt', os.path.join(d, 'train%d.json' % k), os.path.join(d, 'dev.json'),
                          os.path.join(d, 'vectors.pt')) + override(HPARAMS['ner'], list(extra))
    run_module('stanza.models.ner_tagger', args, os.path.join(out, 'train.log'), threads)
    pkg = os.path.join(d, 'package%d' % k)
    shutil.rmtree(pkg, ignore_errors=True)
    shutil.copytree(PACKAGE_DIR, pkg)
    _drop_members(pkg)
    # fold K's model with the vectors it was trained on, its delta settled as the packager does
    shutil.copy2(os.path.join(out, 'nertagger.pt'), os.path.join(pkg, MODEL_FILES['ner']))
    shutil.copy2(os.path.join(d, 'vectors.pt'), os.path.join(pkg, MODEL_FILES['ner_pretrain']))
    print('fold %d: word delta %s' % (k, settle_delta(os.path.join(pkg, MODEL_FILES['ner']),
                                                         os.path.join(pkg, MODEL_FILES['ner_pretrain']))))
    print('fold %d: model in %s' % (k, pkg))


def _drop_members(pkg):
    """Take the package's NER ensemble members out of a fold package: they were trained on all
    of GUM train, held-out folds included, and their vector rows fit only the package's vectors."""
    fn = os.path.join(pkg, 'manifest.json')
    with open(fn) as f:
        manifest = json.load(f)
    for member in manifest.pop('ner_members', None) or []:
        for key in ('model', 'delta'):
            if member.get(key) and os.path.exists(os.path.join(pkg, member[key])):
                os.remove(os.path.join(pkg, member[key]))
    with open(fn, 'w') as f:
        json.dump(manifest, f, indent=1)


def parse_fold(paths, k):
    from attribution.nlp import load_parser, stanza_backend
    from attribution.nlp.ner_eval import load_gold

    d = _dir(paths)
    with open(os.path.join(d, 'fold%d.txt' % k)) as f:
        golds = [load_gold(line.strip()) for line in f if line.strip()]
    # the model's own entities: the repair is applied by `score`
    stanza_backend.repair_entities = lambda doc: doc
    stanza_backend.propagate_names = lambda doc: doc
    stanza_backend.classify_names = lambda doc: doc
    docs = load_parser(os.path.join(d, 'package%d' % k)).parse_many([g.text for g in golds])
    with open(os.path.join(d, 'parsed%d.pkl' % k), 'wb') as f:
        pickle.dump({'golds': golds, 'docs': docs}, f)
    print('fold %d: %d documents, %d gold names' % (k, len(docs), sum(len(g.names) for g in golds)))


def _load_parsed(paths):
    d = _dir(paths)
    out = []
    for k in range(FOLDS):
        fn = os.path.join(d, 'parsed%d.pkl' % k)
        if not os.path.exists(fn):
            raise SystemExit('fold %d is not parsed: python -m training.ner_cv parse %d' % (k, k))
        with open(fn, 'rb') as f:
            out.append(pickle.load(f))
    return out


def score_folds(parsed, errors=None):
    """Exact-span scores of the repaired parses over all folds, and per fold (ALL F1)."""
    from attribution.nlp import entity_types, names
    from attribution.nlp.ner_eval import NER_TYPES, pred_type, score

    gold_all, pred_all, per_fold, rows = [], [], [], []
    for fold in parsed:
        gold_k, pred_k = [], []
        for g, doc in zip(fold['golds'], fold['docs'], strict=True):
            doc = names.propagate_names(entity_types.repair_entities(doc))
            gs = [(n.start, n.end, n.type) for n in g.names]
            ps = [(e.start, e.end, pred_type(e.type)) for e in doc.entities if pred_type(e.type) in NER_TYPES.values()]
            gold_k.append(gs)
            pred_k.append(ps)
            for s in sorted(set(gs) ^ set(ps)):
                rows.append(('missed' if s in gs else 'spurious', s[2], g.text[s[0]:s[1]], os.path.basename(g.path)))
        per_fold.append(score(gold_k, pred_k)[0]['ALL']['F1'])
        gold_all += gold_k
        pred_all += pred_k
    if errors:
        with open(errors, 'w', encoding='utf-8') as f:
            f.write('error\ttype\ttext\tdocument\n')
            f.writelines('\t'.join(r) + '\n' for r in rows)
    exact, overlap = score(gold_all, pred_all)
    return exact, overlap, per_fold


#: each rule of the repair, and how to turn it off (``--ablate``)
ABLATIONS = {
    'no proper noun': ('entity_types', '_no_proper_noun', lambda sent, span: False),
    'era markers': ('entity_types', '_era', lambda sent, span: False),
    'number labels': ('entity_types', '_number_label', lambda sent, span, lists: False),
    'edges': ('entity_types', '_trim', lambda sent, span: span),
    'coordination': ('entity_types', '_split_people', lambda sent, span: [span]),
    'possessives': ('entity_types', '_split_possessive', lambda sent, span, lists: [span]),
    'head words': ('entity_types', '_retype', lambda sent, span, lists: span[2]),
    'gazetteer': ('entity_types', '_is_place', lambda text, lists: False),
    'joint institutions': ('entity_types', '_joint_institution', lambda spans, sent, lists: spans),
    'titles': ('entity_types', '_titles', lambda sent, spans, lists: spans),
    'untagged names': ('entity_types', '_headed_runs', lambda sent, spans, lists: spans),
    'the document': ('entity_types', '_document_types', lambda *args: {}),
    'storms': ('entity_types', '_storm_names', lambda doc, lists: set()),
    'undefined acronyms': ('entity_types', '_undefined_acronyms', lambda doc, spans: set()),
    'honorifics': ('names', '_titled_people', lambda sent: []),
    'propagation': ('names', 'propagate_names', lambda doc: doc),
}


def _line(label, exact, overlap, per_fold):
    a = exact['ALL']
    return '%-26s F1 %.2f (P %.2f R %.2f; PERSON %.2f ORG %.2f PLACE %.2f; overlap %.2f; folds %s; %d names)' % (
        label, a['F1'], a['P'], a['R'], exact['PERSON']['F1'], exact['ORG']['F1'], exact['PLACE']['F1'],
        overlap['ALL']['F1'], ' / '.join('%.2f' % f for f in per_fold), a['gold'])


def main(argv=None):
    p = argparse.ArgumentParser(prog='python -m training.ner_cv', description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('step', choices=['folds', 'train', 'parse', 'score'])
    p.add_argument('fold', nargs='?', type=int, choices=range(FOLDS))
    p.add_argument('--data', default=DEFAULT_DATA)
    p.add_argument('--work', default=DEFAULT_WORK)
    p.add_argument('--threads', type=int, default=max(1, min(4, os.cpu_count() or 1)))
    p.add_argument('--ablate', action='store_true', help='score: also without each rule of the repair')
    p.add_argument('--errors', metavar='FILE', help='score: write every missed and spurious name (TSV)')
    args, extra = p.parse_known_args(argv)
    paths = Paths(args.data, args.work)
    if args.step in ('train', 'parse') and args.fold is None:
        p.error('%s needs a fold number (0-%d)' % (args.step, FOLDS - 1))
    if args.step == 'folds':
        make_folds(paths)
    elif args.step == 'train':
        train_fold(paths, args.fold, args.threads, extra=[x for x in extra if x != '--'])
    elif args.step == 'parse':
        parse_fold(paths, args.fold)
    else:
        from attribution.nlp import entity_types, names
        parsed = _load_parsed(paths)
        print(_line('all rules', *score_folds(parsed, args.errors)))
        if args.ablate:
            modules = {'entity_types': entity_types, 'names': names}
            for label, (module, attr, off) in ABLATIONS.items():
                original = getattr(modules[module], attr)
                setattr(modules[module], attr, off)
                try:
                    print(_line('without ' + label, *score_folds(parsed)))
                finally:
                    setattr(modules[module], attr, original)


if __name__ == '__main__':
    main()
