"""Shared paths and helpers for the training recipe."""
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEFAULT_DATA = os.path.join('..', 'shared', 'data', 'ud-english')
DEFAULT_WORK = '.train'
PACKAGE_DIR = os.path.join(REPO, 'attribution', 'models', 'en_compact')


class Paths:
    def __init__(self, data, work):
        self.data = os.path.abspath(os.path.join(REPO, data)) if not os.path.isabs(data) else data
        self.work = os.path.abspath(os.path.join(REPO, work)) if not os.path.isabs(work) else work
        self.ud = os.path.join(self.work, 'data', 'ud')
        self.ner = os.path.join(self.work, 'data', 'ner')
        self.models = os.path.join(self.work, 'models')
        self.logs = os.path.join(self.work, 'logs')
        self.eval = os.path.join(self.work, 'eval')
        # NER training file: train.json, or the augmented train.aug.json (`--augmented`)
        self.ner_train = os.path.join(self.ner, 'train.json')
        # `--keep-checkpoints`: ner/ner_more also save the weights of every evaluation here
        self.ner_steps = None
        for d in (self.ud, self.ner, self.models, self.logs, self.eval):
            os.makedirs(d, exist_ok=True)

    @property
    def snapshot(self):
        """Frozen copy of the models that is evaluated and packaged (trainers may still be writing
        to <work>/models)."""
        return os.path.join(self.work, 'snapshot')

    def ud_file(self, name):
        return os.path.join(self.ud, name)

    def model(self, stage):
        return os.path.join(self.models, MODEL_FILES[stage])

    def ner_vectors(self):
        return ner_vectors_file(self.models)


def ner_vectors_file(folder):
    """The NER model's word vectors in a model folder: its own file (stage ner_pretrain) when
    there, else the shared one that models before 2026-12-05 were trained on."""
    own = os.path.join(folder, MODEL_FILES['ner_pretrain'])
    return own if os.path.exists(own) else os.path.join(folder, MODEL_FILES['pretrain'])


MODEL_FILES = {
    'tokenize': 'en_compact_tokenizer.pt',
    'mwt': 'en_compact_mwt_expander.pt',
    'pos': 'en_compact_tagger.pt',
    'lemma': 'en_compact_lemmatizer.pt',
    'depparse': 'en_compact_parser.pt',
    'ner': 'en_compact_nertagger.pt',
    'pretrain': 'en_compact_pretrain.pt',
    # the NER model's own word vectors (training/ner_vectors.py)
    'ner_pretrain': 'en_compact_ner_pretrain.pt',
}


def device_args():
    """Stanza picks CUDA automatically when torch sees a GPU; on CPU we force --cpu."""
    import torch
    return [] if torch.cuda.is_available() else ['--cpu']


def run_module(module, args, log_path, threads=1, env_extra=None):
    """Run `python -m module args` with a thread budget, teeing output to log_path."""
    env = dict(os.environ)
    env['OMP_NUM_THREADS'] = str(threads)
    env['MKL_NUM_THREADS'] = str(threads)
    env['STANZA_TRAIN_THREADS'] = str(threads)
    env.update(env_extra or {})
    cmd = [sys.executable, '-m', 'training.threaded', module] + [str(a) for a in args]
    start = time.time()
    with open(log_path, 'a') as log:
        log.write('\n### %s\n### %s\n' % (time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()), ' '.join(cmd)))
        log.flush()
        proc = subprocess.run(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    elapsed = time.time() - start
    with open(log_path, 'a') as log:
        log.write('### exit %d after %.0f s\n' % (proc.returncode, elapsed))
    if proc.returncode != 0:
        raise RuntimeError('%s failed (exit %d), see %s' % (module, proc.returncode, log_path))
    return elapsed


def snapshot_models(paths):
    """Copy the current best models into <work>/snapshot (temp dir + rename)."""
    import shutil
    import tempfile
    tmp = tempfile.mkdtemp(prefix='snapshot.tmp-', dir=paths.work)
    for stage, fn in MODEL_FILES.items():
        src = os.path.join(paths.models, fn)
        if stage == 'ner_pretrain' and not os.path.exists(src):
            continue                  # optional: an NER model trained on the shared vectors
        for _ in range(30):           # wait until the file is not being written
            m1 = os.path.getmtime(src)
            time.sleep(1)
            if os.path.getmtime(src) == m1 and time.time() - m1 > 2:
                break
        shutil.copy2(src, os.path.join(tmp, fn))
    for info in ('pretrain_info.json', 'ner_pretrain_info.json'):
        if os.path.exists(os.path.join(paths.models, info)):
            shutil.copy2(os.path.join(paths.models, info), os.path.join(tmp, info))
    with open(os.path.join(tmp, 'resources.json'), 'w') as f:
        f.write('{"en": {"lang_name": "English"}}')
    import json

    from training import package
    with open(os.path.join(tmp, 'snapshot_info.json'), 'w') as f:
        json.dump({'dev_scores': package.dev_scores(paths), 'training_seconds': package.stage_times(paths),
                   'taken_at': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}, f, indent=1)
    if os.path.exists(paths.snapshot):
        shutil.rmtree(paths.snapshot)
    os.rename(tmp, paths.snapshot)
    print('snapshot of models in %s' % paths.snapshot)


def sparse_rows(rows, min_count):
    """The feature vocabulary of ``(features, label)`` rows (features seen in fewer than
    ``min_count`` rows dropped, sorted: the same rows give the same indices) and the rows as
    index and offset tensors for ``torch.nn.functional.embedding_bag``; the learned passes'
    logistic regressions train on them."""
    import collections

    import torch

    count = collections.Counter(f for feats, _ in rows for f in set(feats))
    vocab = {f: i for i, f in enumerate(sorted(f for f, c in count.items() if c >= min_count))}
    idx, offsets = [], []
    for feats, _ in rows:
        offsets.append(len(idx))
        idx.extend(vocab[f] for f in feats if f in vocab)
    return vocab, torch.tensor(idx, dtype=torch.long), torch.tensor(offsets, dtype=torch.long)
