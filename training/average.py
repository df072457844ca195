"""Average the weights of several checkpoints of one NER run into one model file.

    python -m training.average OUT CKPT [CKPT ...]

The checkpoints come from `python -m training ner_more --keep-checkpoints` (or `ner`), which
saves the weights of every evaluation into <work>/models/<stage>_steps/step_<N>.pt. They must
share one vocabulary and architecture (one run, or runs continued from one model): floating-
point tensors are averaged, everything else (vocabulary, config, integer buffers) is taken
from the first checkpoint. Along one SGD trajectory the average is usually better than, and
much steadier than, any single checkpoint, whose dev F1 swings by several points from one
evaluation to the next (MODEL_CARD.md).
"""
import sys


def average_states(states):
    """Element-wise mean of the floating-point tensors of several state dicts (same keys and
    shapes); other entries are taken from the first. Raises ValueError on a mismatch."""
    import torch
    first = states[0]
    for s in states[1:]:
        if set(s) != set(first):
            raise ValueError('checkpoints differ in their parameters: %s'
                             % sorted(set(s) ^ set(first))[:5])
    out = {}
    for k, v in first.items():
        if torch.is_tensor(v) and v.is_floating_point():
            shapes = {tuple(s[k].shape) for s in states}
            if len(shapes) != 1:
                raise ValueError('parameter %s has different shapes: %s' % (k, sorted(shapes)))
            out[k] = (sum(s[k].float() for s in states) / len(states)).to(v.dtype)
        else:
            out[k] = v
    return out


def average_files(out, files):
    import torch
    cks = [torch.load(f, map_location='cpu', weights_only=False) for f in files]
    vocab0 = cks[0].get('vocab')
    for f, c in zip(files[1:], cks[1:], strict=True):
        if c.get('vocab') != vocab0:
            raise ValueError('%s has another vocabulary than %s' % (f, files[0]))
    merged = dict(cks[0])
    merged['model'] = average_states([c['model'] for c in cks])
    torch.save(merged, out, _use_new_zipfile_serialization=False)
    print('averaged %d checkpoints -> %s' % (len(files), out))
    return out


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) < 2:
        raise SystemExit(__doc__)
    average_files(argv[0], argv[1:])


if __name__ == '__main__':
    main()
