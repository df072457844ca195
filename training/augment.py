"""Mention-replacement augmentation of the NER training data (stage `ner_augment`).

Each GUM train sentence with at least one name gets ``copies`` extra copies in which every
gold name is replaced by another name of the same type drawn at random from a pool: all the
distinct names of that type in the training data (and, with ``lexicon=True``, the places of
``attribution/lexicons/names.yaml``). The context stays, the names change, so the model has
to learn the contexts of names rather than memorise the few names GUM train repeats. Only
the training file is read; dev and test are never touched.

Reads ``<work>/data/ner/train.json`` (BIOES, written by `prep`) and writes
``<work>/data/ner/train.aug.json``: the original sentences followed by the copies.
`ner` and `ner_more` train on it with ``--augmented``.
"""
import json
import os
import random

AUG_FILE = 'train.aug.json'


def spans(tags):
    """BIOES tags -> list of (start, end, type) with end inclusive. Raises ValueError on a
    tag sequence that is not well-formed BIOES (I/E without B, B without E, type changes)."""
    out, start, typ = [], None, None
    for i, tag in enumerate(tags):
        if tag == 'O':
            if start is not None:
                raise ValueError('unclosed entity before position %d: %s' % (i, tags))
            continue
        prefix, _, t = tag.partition('-')
        if prefix not in ('B', 'I', 'E', 'S') or not t:
            raise ValueError('bad tag %r at %d' % (tag, i))
        if prefix in ('B', 'S'):
            if start is not None:
                raise ValueError('unclosed entity before position %d: %s' % (i, tags))
            if prefix == 'S':
                out.append((i, i, t))
            else:
                start, typ = i, t
        else:
            if start is None or t != typ:
                raise ValueError('%r at %d continues no entity of its type: %s' % (tag, i, tags))
            if prefix == 'E':
                out.append((start, i, t))
                start, typ = None, None
    if start is not None:
        raise ValueError('unclosed entity at the end: %s' % tags)
    return out


def bioes(n, typ):
    """Tags for an n-word name of type typ."""
    if n == 1:
        return ['S-' + typ]
    return ['B-' + typ] + ['I-' + typ] * (n - 2) + ['E-' + typ]


def name_pool(sents):
    """{type: sorted list of distinct names (tuples of words)} over the sentences."""
    pool = {}
    for sent in sents:
        words = [w['text'] for w in sent]
        for s, e, t in spans([w['ner'] for w in sent]):
            pool.setdefault(t, set()).add(tuple(words[s:e + 1]))
    return {t: sorted(names) for t, names in pool.items()}


def lexicon_places():
    """Places of attribution/lexicons/names.yaml, capitalised as names ('new york' -> New York)."""
    import yaml

    from training.common import REPO
    with open(os.path.join(REPO, 'attribution', 'lexicons', 'names.yaml'), encoding='utf-8') as f:
        entries = yaml.safe_load(f).get('places') or []
    return [tuple(w[:1].upper() + w[1:] for w in str(p).split()) for p in entries]


def replace_names(sent, pool, rng):
    """A copy of sent (list of {'text', 'ner'}) with every name replaced by a random name of
    its type from pool (another name when the pool has one); tags are rebuilt in BIOES."""
    tags = [w['ner'] for w in sent]
    out, pos = [], 0
    for s, e, t in spans(tags):
        out.extend({'text': w['text'], 'ner': 'O'} for w in sent[pos:s])
        old = tuple(w['text'] for w in sent[s:e + 1])
        choices = [n for n in pool.get(t, ()) if n != old] or [old]
        new = rng.choice(choices)
        out.extend({'text': word, 'ner': tag} for word, tag in zip(new, bioes(len(new), t), strict=True))
        pos = e + 1
    out.extend({'text': w['text'], 'ner': 'O'} for w in sent[pos:])
    return out


def augment(sents, copies, seed=1234, lexicon=False):
    """The sentences followed by ``copies`` name-replaced copies of each sentence that has a name."""
    rng = random.Random(seed)
    pool = name_pool(sents)
    if lexicon:
        places = set(pool.get('PLACE', [])) | set(lexicon_places())
        pool['PLACE'] = sorted(places)
    with_names = [s for s in sents if any(w['ner'] != 'O' for w in s)]
    out = list(sents)
    for _ in range(copies):
        out.extend(replace_names(s, pool, rng) for s in with_names)
    return out


def write_augmented(paths, copies, seed=1234, lexicon=False):
    src = os.path.join(paths.ner, 'train.json')
    if not os.path.exists(src):
        raise SystemExit('%s is missing: run `python -m training prep` first' % src)
    with open(src, encoding='utf-8') as f:
        sents = json.load(f)
    out = augment(sents, copies, seed=seed, lexicon=lexicon)
    dst = os.path.join(paths.ner, AUG_FILE)
    with open(dst, 'w', encoding='utf-8') as f:
        json.dump(out, f, ensure_ascii=False)
    pool = name_pool(sents)
    print('ner augment: %d train sentences + %d copies (%d per sentence with a name; pool %s%s) -> %s'
          % (len(sents), len(out) - len(sents), copies, {t: len(v) for t, v in pool.items()},
             ', lexicon places added' if lexicon else '', dst))
    return dst
