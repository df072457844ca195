"""Package the trained models into attribution/models/en_compact (atomic folder swap).

Writes model files, resources.json (minimal, so Pipeline(dir=...) loads offline) and
manifest.json. The folder is built under a temporary name next to the target and then
renamed into place, so the package folder is never half-written.
"""
import datetime
import json
import os
import re
import shutil
import tempfile

from training.common import MODEL_FILES, PACKAGE_DIR, ner_vectors_file

NAME = 'en_compact'
PROCESSORS = ['tokenize', 'mwt', 'pos', 'lemma', 'depparse', 'ner']
NER_TAGS = ['PERSON', 'ORG', 'PLACE']
NER_DELTA_FILE = 'en_compact_ner_delta_s%d.pt'


def ner_member_files(folder):
    """(seed, file name) of the NER ensemble members trained in a model folder (stage
    ner_members), in the order of the recipe's seeds; absent ones are skipped."""
    from training.train import NER_MEMBER_SEEDS, ner_member_file

    return [(seed, ner_member_file(seed)) for seed in NER_MEMBER_SEEDS
            if os.path.exists(os.path.join(folder, ner_member_file(seed)))]


def version():
    return datetime.datetime.now(datetime.UTC).strftime('%Y.%m.%d.%H%M')


def dev_scores(paths):
    """Best held-out dev score per stage, read from the training logs."""
    pats = {
        'tokenize': (r'Dev score:\s+([\d.]+)', 1.0),
        'mwt': (r'dev_score = ([\d.]+)', 100.0),
        'pos': (r'dev_score = ([\d.]+)', 100.0),
        'lemma': (r'dev_score = ([\d.]+)', 100.0),
        'depparse': (r'dev_score = ([\d.]+)', 100.0),
        'ner': (r'dev_score = ([\d.]+)', 100.0),
    }
    out = {}
    for stage, (pat, scale) in pats.items():
        fn = os.path.join(paths.logs, '%s.log' % stage)
        if not os.path.exists(fn):
            continue
        with open(fn, errors='replace') as f:
            text = f.read()
        if stage != 'depparse':   # the parser resumes across runs; others restart: use the last run
            text = text[text.rfind('\n### 20'):]
        vals = [float(v) for v in re.findall(pat, text)]
        if vals:
            out[stage] = round(max(vals) * scale, 2)
    return out


def stage_times(paths):
    """Wall-clock seconds of the run that produced each model (parser: all resumed runs summed),
    read from the logs; a run still going counts up to now."""
    out = {}
    now = datetime.datetime.now(datetime.UTC)
    for stage in PROCESSORS:
        fn = os.path.join(paths.logs, '%s.log' % stage)
        if not os.path.exists(fn):
            continue
        runs = []
        with open(fn, errors='replace') as f:
            for line in f:
                m = re.match(r'^### (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)$', line.strip())
                if m:
                    t = datetime.datetime.strptime(m.group(1), '%Y-%m-%dT%H:%M:%SZ').replace(
                        tzinfo=datetime.UTC)
                    runs.append([t, None, None])
                m = re.match(r'^### exit (-?\d+) after (\d+) s', line.strip())
                if m and runs:
                    runs[-1][1] = int(m.group(1))
                    runs[-1][2] = float(m.group(2))
        if not runs:
            continue
        secs = [(r[2] if r[2] is not None else (now - r[0]).total_seconds()) for r in runs]
        if stage == 'depparse':
            out[stage] = round(sum(secs))
        else:
            out[stage] = round(secs[-1])
    return out


def store_half(path):
    """Rewrite a stanza model file with its floating-point weights as float16.

    Halves the package (58 MB -> 32 MB for 2026.12.02.0022), which leaves room under the
    60 MB limit for larger models. Stanza loads the weights with ``load_state_dict``, which
    copies them into the float32 parameters it built, so the models still run in float32; the
    rounding changed 1 of 11,646 words' tag/head/relation/lemma/entity on EWT dev text.
    Returns False (file untouched) when the file holds no ``model`` state dict.
    """
    import torch

    checkpoint = torch.load(path, map_location='cpu', weights_only=False)
    if not isinstance(checkpoint, dict) or not isinstance(checkpoint.get('model'), dict):
        return False
    checkpoint['model'] = {
        k: (v.half() if torch.is_tensor(v) and v.is_floating_point() else v) for k, v in checkpoint['model'].items()
    }
    torch.save(checkpoint, path)
    return True


def drop_unused_delta(path):
    """Remove a NER model's word-embedding delta when it was never trained.

    Stanza's NER model adds a per-word "delta" to the fixed word vectors of the words it saw
    in training; with ``--no_emb_finetune`` the delta is created as zeros, detached, and saved
    anyway (10,274 x 214 floats, 4.4 MB in float16 for the encoder NER vectors of 2026-12-05).
    Adding zeros changes nothing, and a model without the ``delta`` vocabulary skips the
    addition (stanza.models.ner.model.NERTagger.forward), so dropping both gives the same
    tags in a smaller file: this is what makes the 214-dim NER vectors fit under 60 MB.
    Returns True when the delta was removed; a trained (non-zero) delta is always kept.
    """
    import torch

    checkpoint = torch.load(path, map_location='cpu', weights_only=False)
    model, vocab = checkpoint.get('model'), checkpoint.get('vocab')
    if not isinstance(model, dict) or not isinstance(vocab, dict):
        return False
    delta = model.get('delta_emb.weight')
    if delta is None or checkpoint.get('config', {}).get('emb_finetune', True) or bool(delta.any()):
        return False
    _remove_delta(checkpoint)
    torch.save(checkpoint, path)
    return True


def settle_delta(model_path, own_vectors_path=None):
    """What the package does with a NER model's word delta: drop it when untrained, fold it into
    the model's own vectors when trained (a trained delta over the shared vectors stays).
    Returns a line for the manifest. Used by `package` and by the cross-validation's fold
    packages (training/ner_cv.py), so the folds are parsed the way the product parses."""
    if drop_unused_delta(model_path):
        return 'untrained (--no_emb_finetune): dropped'
    if own_vectors_path:
        added = fold_delta(model_path, own_vectors_path)  # None: the model has no delta
        if added is None:
            return 'none'
        return 'trained: folded into %s (%d words added)' % (os.path.basename(own_vectors_path), added)
    return 'trained: kept in the model' if _has_delta(model_path) else 'none'


def _has_delta(model_path):
    import torch

    model = torch.load(model_path, map_location='cpu', weights_only=False).get('model')
    return isinstance(model, dict) and 'delta_emb.weight' in model


def _remove_delta(checkpoint):
    """Take the word delta out of a loaded NER checkpoint: its weights and its vocabulary."""
    del checkpoint['model']['delta_emb.weight']
    vocab = checkpoint['vocab']
    vocab.pop('delta', None)
    if isinstance(vocab.get('_key2class'), dict):
        vocab['_key2class'].pop('delta', None)


def fold_delta(model_path, vectors_path):
    """Fold a NER model's trained per-word delta into its own word vectors, and drop the delta.

    With embedding fine-tuning on, stanza's NER model adds a trained "delta" to the fixed vector
    of each word it saw in training (and the unknown word's delta to words in neither vocabulary:
    stanza.models.ner.model.NERTagger.forward). The delta table is as wide as the vectors (4.4 MB
    in float16 for the 214-dim NER vectors), which is what kept that recipe over 60 MB. The sums
    are what the model reads, so they can be stored in the NER model's own vector file: a training
    word that has a vector gets vector + delta; one that has none becomes a new row, the unknown
    word's vector + its delta; the unknown word's row gets its delta. The model then loads as one
    trained without fine-tuning (``emb_finetune`` False, no delta). Only for a vector file that
    no other model reads (``en_compact_ner_pretrain.pt``). Returns the number of rows added, or
    None when the model has no delta.
    """
    import torch

    checkpoint = torch.load(model_path, map_location='cpu', weights_only=False)
    model, vocab = checkpoint.get('model'), checkpoint.get('vocab')
    if not isinstance(model, dict) or not isinstance(vocab, dict) or 'delta_emb.weight' not in model:
        return None
    vectors = torch.load(vectors_path, map_location='cpu', weights_only=False)
    words, deltas = vocab['word'], vocab['delta']
    if list(words['_id2unit']) != list(vectors['vocab']['_id2unit']):
        raise ValueError('%s was not trained on %s: their vocabularies differ' % (model_path, vectors_path))
    dtype = vectors['emb'].dtype
    emb = vectors['emb'].float()
    delta = model['delta_emb.weight'].float()
    unk = 1  # stanza's UNK_ID; PAD (0) rows are zero in both tables
    added = []
    for unit, di in deltas['_unit2id'].items():
        if di <= unk:
            continue
        wi = words['_unit2id'].get(unit)
        if wi is None:
            added.append((unit, emb[unk] + delta[di]))
        else:
            emb[wi] += delta[di]
    emb[unk] += delta[unk]
    if added:
        emb = torch.cat([emb, torch.stack([row for _, row in added])])
    for state in (words, vectors['vocab']):
        for unit, _ in added:
            state['_unit2id'][unit] = len(state['_id2unit'])
            state['_id2unit'].append(unit)
    vectors['emb'] = emb.to(dtype)
    _remove_delta(checkpoint)
    checkpoint['config']['emb_finetune'] = False
    torch.save(vectors, vectors_path)
    torch.save(checkpoint, model_path)
    return len(added)


def store_half_vectors(path):
    """Rewrite a stanza word-vector ("pretrain") file with its vectors as float16.

    Stanza would build float16 embedding layers from them and fail on the first sentence, so
    the product loads them through attribution.nlp.stanza_backend.float32_vectors, which widens
    them to float32 once. Halves the files (the shared vectors 25.0 -> 12.5 MB), which is what
    makes room for the NER model's own vectors. Returns True (the file holds float16 vectors).
    """
    import torch

    data = torch.load(path, map_location='cpu', weights_only=False)
    emb = data['emb'] if torch.is_tensor(data['emb']) else torch.from_numpy(data['emb'])
    if emb.dtype != torch.float16:
        data['emb'] = emb.half()
        torch.save(data, path)
    return True


def quantize_rows(emb):
    """A float table as int8 with one float16 scale per row: row / scale rounded, scale = the
    row's largest magnitude / 127 (all-zero rows get scale 0). The error is at most half a step,
    0.4% of the row's largest value."""
    import torch

    emb = emb.float()
    scale = (emb.abs().amax(dim=1) / 127).half()
    step = scale.float().clamp_min(torch.finfo(torch.float32).tiny)[:, None]
    return torch.round(emb / step).clamp(-127, 127).to(torch.int8), scale


def store_int8_vectors(path):
    """Rewrite a word-vector ("pretrain") file with its vectors as int8, one float16 scale per
    row (``emb_scale``): half the size of float16 (the shared vectors 13.0 -> 7.1 MB), which
    makes room for a NER ensemble's members (the packager uses it only then). Measured on
    2026-12-07: GUM dev NER through the product the same (81.26), EWT / GUM test LAS 79.16 /
    79.84 -> 79.17 / 79.85, UPOS unchanged. The product widens them to float32 on loading
    (attribution.nlp.stanza_backend.cache_vectors); plain stanza cannot read them. Returns True."""
    import torch

    data = torch.load(path, map_location='cpu', weights_only=False)
    emb = data['emb'] if torch.is_tensor(data['emb']) else torch.from_numpy(data['emb'])
    if emb.dtype != torch.int8:
        data['emb'], data['emb_scale'] = quantize_rows(emb)
        torch.save(data, path)
    return True


def member_delta(base_path, member_vectors_path, out_path):
    """Store an ensemble member's word vectors as the rows where they differ from the first
    member's (`base_path`, full precision), int8 with a scale per row.

    Every member is trained on the same base vectors and folds its own trained delta into them
    (fold_delta), so two members differ only on the words training moved (about 15,000 of
    41,000 rows); storing those rows once per member instead of a whole table is what lets three
    members fit in the package. The difference is taken from the first member's vectors as the
    product will read them (after store_int8_vectors), so their rounding does not add to the
    member's. Returns the number of rows stored."""
    import torch

    from attribution.nlp.stanza_backend import widen_vectors

    base = torch.load(base_path, map_location='cpu', weights_only=False)
    member = torch.load(member_vectors_path, map_location='cpu', weights_only=False)
    if list(base['vocab']['_id2unit']) != list(member['vocab']['_id2unit']):
        raise ValueError('%s and %s hold different words: members must share their base vectors and '
                         'training data' % (base_path, member_vectors_path))
    full = torch.as_tensor(base['emb'])
    if full.dtype == torch.int8:
        raise ValueError('%s is stored as int8 already: take the members\' differences first' % base_path)
    full = full.float()
    emb, scale = quantize_rows(full)
    read = widen_vectors({'emb': emb, 'emb_scale': scale})  # what the product will read
    theirs = torch.as_tensor(member['emb']).float()
    rows = ((theirs - full).abs().amax(dim=1) > 0).nonzero().flatten()
    emb, scale = quantize_rows(theirs[rows] - read[rows])
    torch.save({'rows': rows, 'emb': emb, 'emb_scale': scale, 'base_rows': int(full.shape[0])}, out_path)
    return int(rows.numel())


def _read_json(path):
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def package(paths, src=None, target=PACKAGE_DIR):
    src_dir = src or paths.models
    from training.train import HPARAMS
    parent = os.path.dirname(target)
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix='.%s.tmp-' % NAME, dir=parent)
    files = {}
    # the NER model's own vectors are optional (models before 2026-12-05 used the shared ones)
    own_ner_vectors = ner_vectors_file(src_dir).endswith(MODEL_FILES['ner_pretrain'])
    stages = PROCESSORS + ['pretrain'] + (['ner_pretrain'] if own_ner_vectors else [])
    for stage in stages:
        src = os.path.join(src_dir, MODEL_FILES[stage])
        if not os.path.exists(src):
            shutil.rmtree(tmp)
            raise FileNotFoundError('missing model for %s: %s' % (stage, src))
        shutil.copy2(src, os.path.join(tmp, MODEL_FILES[stage]))
    # further NER models of the same recipe (stage ner_members), which vote with the main one
    # (attribution/nlp/ner_ensemble.py): each folds its delta into its own copy of the base vectors
    members = ner_member_files(src_dir)
    if members and not own_ner_vectors:
        shutil.rmtree(tmp)
        raise FileNotFoundError('NER ensemble members need the NER model\'s own vectors: %s'
                                % os.path.join(src_dir, MODEL_FILES['ner_pretrain']))
    member_vectors = {}
    for seed, fn in members:
        shutil.copy2(os.path.join(src_dir, fn), os.path.join(tmp, fn))
        member_vectors[seed] = os.path.join(tmp, 'vectors_s%d.tmp' % seed)
        shutil.copy2(os.path.join(src_dir, MODEL_FILES['ner_pretrain']), member_vectors[seed])
        settle_delta(os.path.join(tmp, fn), member_vectors[seed])
    # the NER model's word delta: dropped when untrained (--no_emb_finetune), folded into the NER
    # model's own vectors when trained; a trained delta over the shared vectors stays
    ner_delta = settle_delta(os.path.join(tmp, MODEL_FILES['ner']),
                             os.path.join(tmp, MODEL_FILES['ner_pretrain']) if own_ner_vectors else None)
    member_entries = []
    for seed, fn in members:
        delta_fn = NER_DELTA_FILE % seed
        rows = member_delta(os.path.join(tmp, MODEL_FILES['ner_pretrain']), member_vectors[seed],
                            os.path.join(tmp, delta_fn))
        os.remove(member_vectors[seed])
        half = store_half(os.path.join(tmp, fn))
        member_entries.append({'model': fn, 'pretrain': MODEL_FILES['ner_pretrain'], 'delta': delta_fn,
                               'seed': seed, 'delta_rows': rows})
        files['ner_s%d' % seed] = {'file': fn, 'bytes': os.path.getsize(os.path.join(tmp, fn)), 'float16': half}
        files['ner_delta_s%d' % seed] = {'file': delta_fn, 'bytes': os.path.getsize(os.path.join(tmp, delta_fn)),
                                         'int8': True}
    for stage in stages:
        dst = os.path.join(tmp, MODEL_FILES[stage])
        # every processor's weights as float16; the word vectors as int8 with a scale per row
        # (since 2026-12-07: the name pass's sentence encoder, attribution/data/encoder.pt, needs
        # the room under the 60 MB limit; float16 before, store_half_vectors); all widened to
        # float32 when loaded (store_half, store_int8_vectors)
        if stage in PROCESSORS:
            files[stage] = {'file': MODEL_FILES[stage], 'float16': store_half(dst)}
        else:
            files[stage] = {'file': MODEL_FILES[stage], 'int8': store_int8_vectors(dst)}
        files[stage]['bytes'] = os.path.getsize(dst)
    with open(os.path.join(tmp, 'resources.json'), 'w') as f:
        json.dump({'en': {'lang_name': 'English'}}, f)
    scores_fn = os.path.join(src_dir, 'scores.json')
    test_scores = None
    if os.path.exists(scores_fn):
        with open(scores_fn) as f:
            test_scores = json.load(f)
    times = stage_times(paths)
    devs = dev_scores(paths)
    info_fn = os.path.join(src_dir, 'snapshot_info.json')
    if os.path.exists(info_fn):
        with open(info_fn) as f:
            info = json.load(f)
        times, devs = info['training_seconds'], info['dev_scores']
    times_fn = os.path.join(paths.work, 'train_times.json')
    if os.path.exists(times_fn):
        with open(times_fn) as f:
            times['pretrain'] = json.load(f).get('pretrain', 18)
    pretrain_info = _read_json(os.path.join(src_dir, 'pretrain_info.json'))
    ner_pretrain_info = _read_json(os.path.join(src_dir, 'ner_pretrain_info.json')) if own_ner_vectors else None
    ner_vectors = files['ner_pretrain' if own_ner_vectors else 'pretrain']['file']
    manifest = {
        'name': NAME,
        'version': version(),
        'language': 'en',
        'processors': {s: files[s]['file'] for s in PROCESSORS},
        'pretrain': files['pretrain']['file'],
        'pretrain_used_by': ['pos'] if own_ner_vectors else ['pos', 'ner'],
        'pretrain_info': pretrain_info,
        'ner_pretrain': ner_vectors,
        'ner_pretrain_info': ner_pretrain_info,
        # the NER model's trained per-word delta (embedding fine-tuning), see settle_delta
        'ner_word_delta': ner_delta,
        'files': {v['file']: v['bytes'] for v in files.values()},
        'total_bytes': sum(v['bytes'] for v in files.values()),
        'stored_float16': sorted(v['file'] for v in files.values() if v.get('float16')),
        'stored_int8': sorted(v['file'] for v in files.values() if v.get('int8')),
        # NER models that vote with the processors' one (attribution.nlp.ner_ensemble), each
        # with its word vectors as rows that differ from the main model's (member_delta)
        'ner_members': member_entries,
        'ner_tags': NER_TAGS,
        'ner_scheme': 'BIOES',
        'origin': 'trained by attribution from UD EWT + GUM',
        'data': {
            'UD_English-EWT': {'commit': '15d613d8447b', 'licence': 'CC BY-SA 4.0',
                               'splits': 'official train/dev/test'},
            'GUM': {'commit': '72ce5ac14978',
                    'licence': 'annotations CC BY 4.0; texts CC BY / CC BY-SA (genres academic, bio, court, '
                               'interview, news, voyage only)',
                    'splits': 'official (splits.md)'},
        },
        'licences': {'EWT': 'CC BY-SA 4.0', 'GUM annotations': 'CC BY 4.0', 'GUM texts': 'CC BY / CC BY-SA',
                     **({'word clusters (spacy-lookups-data)': 'MIT'}
                        if pretrain_info and pretrain_info.get('clusters') else {}),
                     **({'NER word vectors: sentence encoder': ner_pretrain_info['encoder']}
                        if ner_pretrain_info else {})},
        'stanza_version': __import__('stanza').__version__,
        'hyper_parameters': {k: [str(x) for x in v] for k, v in HPARAMS.items()},
        'dev_scores': devs,
        'test_scores': test_scores,
        'training_seconds': times,
        'pipeline_kwargs': {
            'lang': 'en', 'download_method': None,
            'processors': ','.join(PROCESSORS),
            **{'%s_model_path' % s: files[s]['file'] for s in PROCESSORS},
            'pos_pretrain_path': files['pretrain']['file'],
            'ner_pretrain_path': ner_vectors,
            '_note': 'paths are relative to this folder; pass dir=<this folder>',
        },
    }
    with open(os.path.join(tmp, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=1)
    os.chmod(tmp, 0o755)
    old = None
    if os.path.exists(target):
        old = target + '.old'
        if os.path.exists(old):
            shutil.rmtree(old)
        os.rename(target, old)
    os.rename(tmp, target)
    if old:
        shutil.rmtree(old)
    print('packaged %d bytes into %s' % (manifest['total_bytes'], target))
    return manifest
