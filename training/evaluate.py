"""End-to-end evaluation from RAW text with the CoNLL 2018 UD scorer, plus NER on GUM test.

Stanza 1.15 ships the CoNLL 2018 shared-task scorer as udtools.udeval (the module that
stanza.models.common.utils.ud_scores wraps; older stanza had it as
stanza.utils.conll18_ud_eval). We run the whole pipeline on the raw text of each test set
(paragraphs separated by blank lines, as in the source documents) and score against gold.

NER is scored on GUM test with gold tokenization (entity-level exact-span P/R/F1 per type).
"""
import json
import os
import time

from training.common import MODEL_FILES, ner_vectors_file

METRICS = ['Tokens', 'Sentences', 'Words', 'UPOS', 'XPOS', 'UFeats', 'Lemmas', 'UAS', 'LAS']


def pipeline_kwargs(model_dir):
    """The Pipeline keyword arguments for a folder holding our model files."""
    p = lambda stage: os.path.join(model_dir, MODEL_FILES[stage])  # noqa: E731
    return dict(
        lang='en', dir=model_dir, download_method=None,
        processors='tokenize,mwt,pos,lemma,depparse,ner',
        tokenize_model_path=p('tokenize'), mwt_model_path=p('mwt'),
        pos_model_path=p('pos'), pos_pretrain_path=p('pretrain'),
        lemma_model_path=p('lemma'),
        depparse_model_path=p('depparse'),
        ner_model_path=p('ner'),
        ner_pretrain_path=ner_vectors_file(model_dir),
    )


def ensure_resources(model_dir):
    fn = os.path.join(model_dir, 'resources.json')
    if not os.path.exists(fn):
        with open(fn, 'w') as f:
            json.dump({'en': {'lang_name': 'English'}}, f)


def load_pipeline(model_dir, **extra):
    import stanza
    ensure_resources(model_dir)
    kw = pipeline_kwargs(model_dir)
    kw.update(extra)
    # the packaged word vectors are float16; the backend's cache widens them as the product does,
    # and loads without importing torch._dynamo as the product does
    from attribution.nlp.stanza_backend import float32_vectors, inference_only
    cache = float32_vectors(kw)
    with inference_only():
        nlp = stanza.Pipeline(foundation_cache=cache, **kw)
        return add_ner_members(nlp, model_dir, cache)


def add_ner_members(nlp, model_dir, cache):
    """A packaged model folder's NER ensemble members (manifest ``ner_members``) voting with its
    NER model, as in the product; a training folder has no manifest and tags with its one model."""
    from attribution.nlp.models import resolve
    from attribution.nlp.stanza_backend import attach_ner_members
    if os.path.exists(os.path.join(model_dir, 'manifest.json')) and 'ner' in nlp.processors:
        attach_ner_members(nlp, resolve(os.path.abspath(model_dir)), cache)
    return nlp


def score_ud(gold, system):
    from stanza.models.common.utils import ud_scores
    ev = ud_scores(gold, system)
    return {m: round(100 * ev[m].f1, 2) for m in METRICS}


def restore_unk(doc, text):
    """Stanza's tokenizer writes '<UNK>' for some very long tokens (long URLs); put the original
    characters back from the character offsets so that the scorer can align the texts."""
    for sent in doc.sentences:
        for tok in sent.tokens:
            if tok.text == '<UNK>' and tok.start_char is not None and tok.end_char is not None:
                real = text[tok.start_char:tok.end_char]
                tok._text = real
                for w in tok.words:
                    w._text = real
                    if w.lemma == '<UNK>':
                        w._lemma = real


def eval_ud(nlp, paths, name, split='test'):
    from stanza.utils.conll import CoNLL
    with open(os.path.join(paths.ud, '%s.%s.txt' % (name, split)), encoding='utf-8') as f:
        text = f.read()
    t0 = time.time()
    doc = nlp(text)
    elapsed = time.time() - t0
    restore_unk(doc, text)
    pred = os.path.join(paths.eval, '%s.%s.pred.conllu' % (name, split))
    CoNLL.write_doc2conll(doc, pred)
    scores = score_ud(os.path.join(paths.ud, '%s.%s.conllu' % (name, split)), pred)
    ntok = sum(len(s.tokens) for s in doc.sentences)
    scores['seconds'] = round(elapsed, 1)
    scores['tokens_per_second'] = round(ntok / elapsed)
    return scores


def decode_spans(tags):
    spans, start, typ = [], None, None
    for i, t in enumerate(tags + ['O']):
        if t == 'O' or t.startswith(('B-', 'S-')) or (typ and t[2:] != typ):
            if start is not None:
                spans.append((start, i - 1, typ))
            start, typ = None, None
        if t.startswith(('B-', 'S-')) or (t.startswith(('I-', 'E-')) and start is None):
            start, typ = i, t[2:]
        if t.startswith(('E-', 'S-')) and start is not None:
            spans.append((start, i, typ))
            start, typ = None, None
    return set(spans)


def score_ner(gold_seqs, pred_seqs):
    tp, fp, fn = {}, {}, {}
    for g, p in zip(gold_seqs, pred_seqs, strict=False):
        gs, ps = decode_spans(g), decode_spans(p)
        for s in ps:
            (tp if s in gs else fp)[s[2]] = (tp if s in gs else fp).get(s[2], 0) + 1
        for s in gs - ps:
            fn[s[2]] = fn.get(s[2], 0) + 1
    out = {}
    types = sorted(set(tp) | set(fp) | set(fn))
    for t in types + ['ALL']:
        a = sum(tp.values()) if t == 'ALL' else tp.get(t, 0)
        b = sum(fp.values()) if t == 'ALL' else fp.get(t, 0)
        c = sum(fn.values()) if t == 'ALL' else fn.get(t, 0)
        prec = a / (a + b) if a + b else 0.0
        rec = a / (a + c) if a + c else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[t] = {'P': round(100 * prec, 2), 'R': round(100 * rec, 2), 'F1': round(100 * f1, 2), 'gold': a + c}
    return out


def eval_ner(model_dir, paths, split='test'):
    import stanza
    with open(os.path.join(paths.ner, '%s.json' % split), encoding='utf-8') as f:
        sents = json.load(f)
    from attribution.nlp.stanza_backend import float32_vectors
    kw = pipeline_kwargs(model_dir)
    cache = float32_vectors(kw)
    nlp = stanza.Pipeline(lang='en', dir=model_dir, download_method=None, processors='tokenize,ner',
                          tokenize_pretokenized=True, ner_model_path=kw['ner_model_path'],
                          ner_pretrain_path=kw['ner_pretrain_path'], foundation_cache=cache)
    nlp = add_ner_members(nlp, model_dir, cache)
    doc = nlp([[w['text'] for w in s] for s in sents])
    pred = [[t.ner for t in s.tokens] for s in doc.sentences]
    gold = [[w['ner'] for w in s] for s in sents]
    return score_ner(gold, pred)


def evaluate_all(paths, model_dir=None, threads=None, out_name='scores.json', splits=('test',)):
    import torch
    if threads:
        torch.set_num_threads(threads)
    model_dir = model_dir or paths.models
    ensure_resources(model_dir)
    results = {}
    t0 = time.time()
    nlp = load_pipeline(model_dir)
    results['load_seconds'] = round(time.time() - t0, 2)
    for split in splits:
        for name in ('ewt', 'gum'):
            results['%s_%s' % (name, split)] = eval_ud(nlp, paths, name, split)
            print(name, split, results['%s_%s' % (name, split)], flush=True)
        results['ner_gum_%s' % split] = eval_ner(model_dir, paths, split)
        print('ner', split, results['ner_gum_%s' % split], flush=True)
    results['evaluated_at'] = time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())
    with open(os.path.join(paths.eval, out_name), 'w') as f:
        json.dump(results, f, indent=1)
    with open(os.path.join(model_dir, out_name), 'w') as f:
        json.dump(results, f, indent=1)
    return results
