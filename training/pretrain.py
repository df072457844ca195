"""Build a small word-vector "pretrain" from the treebank TRAINING text only.

No vectors can be downloaded, so we compute count-based vectors: lowercased word
co-occurrences (window +-2, weighted 1/distance) over EWT train + GUM train, positive
PMI (context-distribution smoothing 0.75), randomized truncated SVD to DIM dimensions,
U*sqrt(S), rows L2-normalised and scaled. Saved through stanza's Pretrain class
(<work>/models/en_compact_pretrain.pt).
"""
import collections
import os

import numpy as np

DIM = 100
MIN_COUNT = 2
MAX_VOCAB = 15000
WINDOW = 2


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


def build(paths):
    from stanza.models.common.pretrain import Pretrain
    out = paths.model('pretrain')
    sents = read_words(os.path.join(paths.ud, 'train.conllu'))
    vocab, vecs = build_vectors(sents)
    txt = os.path.join(paths.work, 'data', 'pretrain_vectors.txt')
    with open(txt, 'w', encoding='utf-8') as f:
        f.write('%d %d\n' % (len(vocab), vecs.shape[1]))
        for w, v in zip(vocab, vecs, strict=False):
            f.write(w + ' ' + ' '.join('%.5f' % x for x in v) + '\n')
    if os.path.exists(out):
        os.remove(out)
    pt = Pretrain(out, txt, max_vocab=-1)
    pt.load()
    print('pretrain: %d words x %d dims -> %s' % (len(vocab), vecs.shape[1], out))
    # sanity: nearest neighbours
    idx = {w: i for i, w in enumerate(vocab)}
    for probe in ('said', 'london', 'john', 'company'):
        if probe in idx:
            sims = vecs @ vecs[idx[probe]]
            print(probe, '->', [vocab[j] for j in np.argsort(-sims)[1:6]])
    return out
