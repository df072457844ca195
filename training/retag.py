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

from training.common import PACKAGE_DIR


def retag_file(src, dst, model_dir=PACKAGE_DIR, batch=400):
    """Write ``src`` to ``dst`` with predicted UPOS/XPOS/FEATS/LEMMA (gold words and trees)."""
    from training.evaluate import load_pipeline
    from training.prep import read_conllu, write_conllu
    nlp = load_pipeline(model_dir, processors='tokenize,pos,lemma', tokenize_pretokenized=True,
                        logging_level='WARN')
    sents = list(read_conllu(src))
    same = total = 0
    start = time.time()
    for b0 in range(0, len(sents), batch):
        chunk = sents[b0:b0 + batch]
        # plain word rows only: multi-word token ranges ("2-3") and empty nodes ("8.1") stay as they are
        words = [[r for r in rows if r[0].isdigit()] for _, rows in chunk]
        doc = nlp([[r[1] for r in ws] for ws in words])
        for ws, sent in zip(words, doc.sentences, strict=True):
            if len(sent.words) != len(ws):
                raise RuntimeError('word count changed in %s near word %r' % (src, ws[0][1]))
            for r, w in zip(ws, sent.words, strict=True):
                total += 1
                same += r[3] == w.upos
                r[2], r[3], r[4], r[5] = w.lemma or '_', w.upos, w.xpos or '_', w.feats or '_'
        print('  %s: %d / %d sentences' % (os.path.basename(src), min(b0 + batch, len(sents)), len(sents)),
              flush=True)
    write_conllu(sents, dst + '.tmp')
    os.replace(dst + '.tmp', dst)
    print('%s: %d words, UPOS kept on %.2f%% (%.0f s)' % (dst, total, 100.0 * same / max(total, 1),
                                                          time.time() - start))
    return 100.0 * same / max(total, 1)


def retag(paths, model_dir=None):
    model_dir = model_dir or (paths.models if os.path.exists(paths.model('pos')) else PACKAGE_DIR)
    for split in ('train', 'dev'):
        retag_file(os.path.join(paths.ud, '%s.conllu' % split), os.path.join(paths.ud, '%s.retag.conllu' % split),
                   model_dir=model_dir)
