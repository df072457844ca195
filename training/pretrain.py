"""Build a small word-vector "pretrain" from the treebank TRAINING text only.

No vectors can be downloaded, so we compute count-based vectors: lowercased word
co-occurrences (window +-2, weighted 1/distance) over EWT train + GUM train, positive
PMI (context-distribution smoothing 0.75), randomized truncated SVD to DIM dimensions,
U*sqrt(S), rows L2-normalised and scaled. Saved through stanza's Pretrain class
(<work>/models/en_compact_pretrain.pt).

Those vectors only know the 11k words of the training text. When the `spacy-lookups-data`
package is installed (MIT; `pip install -e '.[train]'`), each word also gets CLUSTER_DIM
dimensions from its Brown cluster in that package's English table (1M word forms clustered on
a large web corpus) and one for its log probability, and the vocabulary grows to MAX_VOCAB_ALL
words with the most frequent clustered forms: the tagger and the NER model then see, for words
the treebanks never show, which words they behave like ("Gaza" sits with "Tokyo", "sighs" with
"says"). A cluster is a bit path from the root of a binary merge tree; a word's cluster part is
the sum of one fixed random vector per prefix of that path (lengths 2, 4, ..., 16), so words
sharing a longer prefix get closer vectors.
"""
import collections
import json
import os

import numpy as np

DIM = 100
MIN_COUNT = 2
MAX_VOCAB = 15000
WINDOW = 2
CLUSTER_DIM = 49
MAX_VOCAB_ALL = 40000
PREFIXES = (2, 4, 6, 8, 10, 12, 14, 16)


def read_words(conllu):
    sents, cur = [], []
    with open(conllu, encoding='utf-8') as f:
        for line in f:
            if not line.strip():
                if cur:
                    sents.append(cur)
                cur = []
            elif not line.startswith('#'):
                cols = line.split('\t')
                if cols[0].isdigit():
                    cur.append(cols[1].lower().replace(' ', '\xa0'))
    if cur:
        sents.append(cur)
    return sents


def build_vectors(sents, seed=1234):
    counts = collections.Counter(w for s in sents for w in s)
    vocab = [w for w, c in counts.most_common(MAX_VOCAB) if c >= MIN_COUNT]
    index = {w: i for i, w in enumerate(vocab)}
    n = len(vocab)
    M = np.zeros((n, n), dtype=np.float32)
    for s in sents:
        ids = [index.get(w, -1) for w in s]
        for i, a in enumerate(ids):
            if a < 0:
                continue
            for d in range(1, WINDOW + 1):
                if i + d < len(ids) and ids[i + d] >= 0:
                    b = ids[i + d]
                    M[a, b] += 1.0 / d
                    M[b, a] += 1.0 / d
    total = M.sum()
    row = M.sum(axis=1, keepdims=True)
    col = M.sum(axis=0, keepdims=True) ** 0.75
    col = col / col.sum()
    with np.errstate(divide='ignore', invalid='ignore'):
        pmi = np.log((M / total) / ((row / total) * col))
    pmi[~np.isfinite(pmi)] = 0
    np.maximum(pmi, 0, out=pmi)
    # randomized truncated SVD
    rng = np.random.default_rng(seed)
    k = DIM + 20
    Q = np.linalg.qr(pmi @ rng.standard_normal((n, k)).astype(np.float32))[0]
    for _ in range(3):
        Q = np.linalg.qr(pmi @ (pmi.T @ Q))[0]
    B = Q.T @ pmi
    Ub, S, _ = np.linalg.svd(B, full_matrices=False)
    U = (Q @ Ub)[:, :DIM] * np.sqrt(S[:DIM])
    U /= np.linalg.norm(U, axis=1, keepdims=True) + 1e-8
    return vocab, U.astype(np.float32)


def _lookups_version():
    from importlib.metadata import version
    return version('spacy-lookups-data')


def load_clusters():
    """Lowercased word -> (cluster path as int, log probability) from spacy-lookups-data, or
    None when that package is not installed. Several cased forms share one lowercased key
    (the tagger and NER look vectors up lowercased): the most probable form's cluster wins."""
    try:
        import spacy_lookups_data
    except ImportError:
        return None
    import gzip
    base = os.path.join(os.path.dirname(spacy_lookups_data.__file__), 'data')
    with gzip.open(os.path.join(base, 'en_lexeme_cluster.json.gz'), 'rt', encoding='utf-8') as f:
        cluster = json.load(f)
    with gzip.open(os.path.join(base, 'en_lexeme_prob.json.gz'), 'rt', encoding='utf-8') as f:
        prob = json.load(f)
    out = {}
    for form, path in cluster.items():
        if not path:
            continue
        lp = prob.get(form, -20.0)
        key = form.lower().replace(' ', '\xa0')
        if key not in out or lp > out[key][1]:
            out[key] = (path, lp)
    return out


def cluster_vectors(paths_lp, dim=CLUSTER_DIM, seed=4321):
    """One row per (cluster path, log prob): the normalised sum of fixed random vectors of the
    path's prefixes (bit i of the int is step i from the root), then the scaled log probability.
    A missing entry (None) gives zeros and the lowest probability."""
    rng = np.random.default_rng(seed)
    table = {}
    out = np.zeros((len(paths_lp), dim + 1), dtype=np.float32)
    for r, entry in enumerate(paths_lp):
        if entry is None:
            continue
        path, lp = entry
        v = np.zeros(dim, dtype=np.float32)
        for k in PREFIXES:
            key = (k, path & ((1 << k) - 1))
            if key not in table:
                table[key] = rng.standard_normal(dim).astype(np.float32)
            v += table[key]
        out[r, :dim] = v / (np.linalg.norm(v) + 1e-8)
        out[r, dim] = max(0.0, (lp + 20.0) / 17.0)
    return out


def add_clusters(vocab, vecs, clusters):
    """Grow the vocabulary with the most probable clustered words (up to MAX_VOCAB_ALL) and
    append the cluster dimensions; words only in the cluster table get zeros in the count part."""
    known = set(vocab)
    extra = sorted((k for k in clusters if k not in known), key=lambda k: (-clusters[k][1], k))
    extra = extra[:max(0, MAX_VOCAB_ALL - len(vocab))]
    words = list(vocab) + extra
    count_part = np.zeros((len(words), vecs.shape[1]), dtype=np.float32)
    count_part[:len(vocab)] = vecs
    clus = cluster_vectors([clusters.get(w) for w in words])
    return words, np.concatenate([count_part, clus], axis=1)


def save_vectors(out, txt, words, vecs):
    """Save words and their rows in stanza's Pretrain format at `out`, through the word2vec text
    file `txt` that stanza reads."""
    from stanza.models.common.pretrain import Pretrain
    with open(txt, 'w', encoding='utf-8') as f:
        f.write('%d %d\n' % (len(words), vecs.shape[1]))
        for w, v in zip(words, vecs, strict=True):
            f.write(w + ' ' + ' '.join('%.5f' % x for x in v) + '\n')
    if os.path.exists(out):
        os.remove(out)
    Pretrain(out, txt, max_vocab=-1).load()


def build(paths):
    out = paths.model('pretrain')
    sents = read_words(os.path.join(paths.ud, 'train.conllu'))
    vocab, vecs = build_vectors(sents)
    n_counted = len(vocab)
    clusters = load_clusters()
    if clusters is not None:
        vocab, vecs = add_clusters(vocab, vecs, clusters)
    else:
        print('pretrain: spacy-lookups-data is not installed: count vectors only')
    info = {'words': len(vocab), 'dims': int(vecs.shape[1]), 'count_words': n_counted, 'count_dims': DIM,
            'cluster_dims': CLUSTER_DIM + 1 if clusters is not None else 0,
            'clusters': 'spacy-lookups-data %s en_lexeme_cluster + en_lexeme_prob (MIT)' % _lookups_version()
            if clusters is not None else None}
    with open(os.path.join(paths.models, 'pretrain_info.json'), 'w') as f:
        json.dump(info, f, indent=1)
    save_vectors(out, os.path.join(paths.work, 'data', 'pretrain_vectors.txt'), vocab, vecs)
    print('pretrain: %d words x %d dims -> %s' % (len(vocab), vecs.shape[1], out))
    # sanity: nearest neighbours
    idx = {w: i for i, w in enumerate(vocab)}
    for probe in ('said', 'london', 'john', 'company'):
        if probe in idx:
            sims = vecs @ vecs[idx[probe]]
            print(probe, '->', [vocab[j] for j in np.argsort(-sims)[1:6]])
    return out
