"""Predicted tags for parser training: the parser learns on the tags it will see.

A parser trained on gold UPOS/XPOS/UFeats/lemmas trusts them; at run time it gets the
tagger's, which are wrong on about 7% of words, and measured on EWT test with gold
tokens that costs the 2026.11.29 parser 6.3 LAS points (83.7 with gold tags, 77.4 with
predicted ones). Stanza's own recipe retags the parser's training data with its tagger;
this stage does the same: the tokenization, heads and relations stay gold, the UPOS,
XPOS, FEATS and LEMMA columns come from the packaged (or given) tagger and lemmatizer.

    python -m training retag            # <work>/data/ud/{train,dev}.retag.conllu
"""
import os
import time

from training.common import MODEL_FILES, PACKAGE_DIR


def _sentences(path):
    """Yield (lines, word_line_indices) per sentence of a CoNLL-U file."""
    block = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if not line:
                if block:
                    yield block
                block = []
            else:
                block.append(line)
    if block:
        yield block


def _word_rows(block):
    """Indices of the plain word lines (no comments, multi-word ranges or empty nodes)."""
    out = []
    for i, line in enumerate(block):
        if line.startswith('#'):
            continue
        first = line.split('\t', 1)[0]
        if first.isdigit():
            out.append(i)
    return out


def retag_file(src, dst, model_dir=PACKAGE_DIR, batch=400):
    """Write ``src`` to ``dst`` with predicted UPOS/XPOS/FEATS/LEMMA (gold words and trees)."""
    import stanza
    nlp = stanza.Pipeline(
        lang='en', dir=PACKAGE_DIR, download_method=None, processors='tokenize,pos,lemma',
        tokenize_pretokenized=True, logging_level='WARN',
        pos_model_path=os.path.join(model_dir, MODEL_FILES['pos']),
        pos_pretrain_path=os.path.join(model_dir, MODEL_FILES['pretrain']),
        lemma_model_path=os.path.join(model_dir, MODEL_FILES['lemma']),
    )
    blocks = list(_sentences(src))
    tmp = dst + '.tmp'
    same = total = 0
    start = time.time()
    with open(tmp, 'w', encoding='utf-8') as out:
        for b0 in range(0, len(blocks), batch):
            chunk = blocks[b0:b0 + batch]
            rows = [_word_rows(b) for b in chunk]
            words = [[b[i].split('\t')[1] for i in r] for b, r in zip(chunk, rows, strict=True)]
            doc = nlp(words)
            for b, r, sent in zip(chunk, rows, doc.sentences, strict=True):
                if len(sent.words) != len(r):
                    raise RuntimeError('word count changed in %s near %r' % (src, b[0]))
                for i, w in zip(r, sent.words, strict=True):
                    cols = b[i].split('\t')
                    total += 1
                    same += cols[3] == w.upos
                    cols[2] = w.lemma or '_'
                    cols[3], cols[4], cols[5] = w.upos, w.xpos or '_', w.feats or '_'
                    b[i] = '\t'.join(cols)
                out.write('\n'.join(b) + '\n\n')
            print('  %s: %d / %d sentences' % (os.path.basename(src), min(b0 + batch, len(blocks)), len(blocks)),
                  flush=True)
    os.replace(tmp, dst)
    print('%s: %d words, UPOS kept on %.2f%% (%.0f s)' % (dst, total, 100.0 * same / max(total, 1),
                                                          time.time() - start))
    return 100.0 * same / max(total, 1)


def retag(paths, model_dir=None):
    model_dir = model_dir or (paths.models if os.path.exists(paths.model('pos')) else PACKAGE_DIR)
    for split in ('train', 'dev'):
        retag_file(os.path.join(paths.ud, '%s.conllu' % split), os.path.join(paths.ud, '%s.retag.conllu' % split),
                   model_dir=model_dir)
