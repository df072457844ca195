"""Training of every processor. Each stage writes <work>/models/<file> and logs to <work>/logs.

All stages use stanza's own training entry points (python -m stanza.models.X) run through
training.threaded, which fixes torch's thread count; on a GPU machine stanza picks up CUDA
by itself (no --cpu flag is passed when torch.cuda.is_available()).
"""
import os

from training.common import MODEL_FILES, device_args, run_module

# Hyper-parameters: chosen for a 2-core CPU (see MODEL_CARD.md).
HPARAMS = {
    'tokenize': ['--steps', 20000, '--eval_steps', 1000, '--batch_size', 32, '--max_seqlen', 100],
    'mwt': ['--num_epoch', 15, '--batch_size', 50],
    'pos': ['--hidden_dim', 150, '--char_hidden_dim', 100, '--deep_biaff_hidden_dim', 100,
            '--composite_deep_biaff_hidden_dim', 50, '--batch_size', 50, '--word_cutoff', 3,
            '--max_steps', 2000, '--eval_interval', 250],
    'lemma': ['--num_epoch', 4, '--batch_size', 100, '--hidden_dim', 100],
    'depparse': ['--hidden_dim', 200, '--char_hidden_dim', 100, '--deep_biaff_hidden_dim', 200,
                 '--batch_size', 1000, '--no_pretrain', '--word_cutoff', 3,
                 '--max_steps', 8000, '--eval_interval', 250, '--checkpoint_interval', 250],
    # continuation runs (start from the saved model, keep the result only if dev improves)
    'pos_more': ['--lr', 0.002, '--max_steps', 2000],
    'ner_more': ['--max_steps', 500],
    # continue the parser on retagged data (training/retag.py): a fresh optimizer, dev with predicted tags
    'depparse_retag': ['--max_steps', 3000],
    # the word embeddings are fine-tuned (a trained per-word delta over the 214-dim NER vectors);
    # the package folds the delta into those vectors (training.package.fold_delta). Product
    # cross-validation: 69.23 against 68.09 with --no_emb_finetune (MODEL_CARD.md). --seed 3: of
    # three runs on all of GUM train (seeds 1234, stanza's default, 2 and 3) the best on GUM dev
    # through the product (81.05 / 80.51 / 81.26); the cross-validation ran with seed 1234
    'ner': ['--max_steps', 3000, '--eval_interval', 250, '--batch_size', 32, '--hidden_dim', 128,
            '--char_hidden_dim', 100, '--seed', 3],
}


def override(args_list, extra):
    """Apply `--key value` overrides from the command line (extra is a list of strings)."""
    out = list(args_list)
    extra = [str(x) for x in extra]
    i = 0
    while i < len(extra):
        key = extra[i]
        has_val = i + 1 < len(extra) and not extra[i + 1].startswith('--')
        if key in out:
            j = out.index(key)
            if has_val and j + 1 < len(out) and not str(out[j + 1]).startswith('--'):
                out[j + 1] = extra[i + 1]
            elif has_val:
                out.insert(j + 1, extra[i + 1])
        else:
            out.append(key)
            if has_val:
                out.append(extra[i + 1])
        i += 2 if has_val else 1
    return out


def common(paths, stage):
    return ['--lang', 'en', '--shorthand', 'en_compact', '--save_dir', paths.models,
            '--save_name', MODEL_FILES[stage]] + device_args()


def train_depparse(paths, extra=(), threads=1):
    ud = paths.ud
    args = common(paths, 'depparse') + [
        '--mode', 'train', '--train_file', os.path.join(ud, 'train.conllu'),
        '--eval_file', os.path.join(ud, 'dev.conllu'),
        '--output_file', os.path.join(paths.eval, 'depparse.dev.pred.conllu'),
    ] + override(HPARAMS['depparse'], list(extra))
    return run_module('stanza.models.parser', args, os.path.join(paths.logs, 'depparse.log'), threads)


STAGES = {'depparse': train_depparse}


def train_tokenize(paths, extra=(), threads=1):
    ud = paths.ud
    args = common(paths, 'tokenize') + [
        '--mode', 'train',
        '--txt_file', os.path.join(ud, 'train.txt'), '--label_file', os.path.join(ud, 'train.toklabels'),
        '--mwt_json_file', os.path.join(ud, 'train.mwt.json'),
        '--dev_txt_file', os.path.join(ud, 'dev.txt'), '--dev_label_file', os.path.join(ud, 'dev.toklabels'),
        '--dev_conll_gold', os.path.join(ud, 'dev.conllu'),
        '--conll_file', os.path.join(paths.eval, 'tokenize.dev.pred.conllu'),
    ] + override(HPARAMS['tokenize'], list(extra))
    return run_module('stanza.models.tokenizer', args, os.path.join(paths.logs, 'tokenize.log'), threads)


STAGES['tokenize'] = train_tokenize


def train_mwt(paths, extra=(), threads=1):
    ud = paths.ud
    args = common(paths, 'mwt') + [
        '--mode', 'train', '--train_file', os.path.join(ud, 'train.conllu'),
        '--eval_file', os.path.join(ud, 'dev.conllu'), '--gold_file', os.path.join(ud, 'dev.conllu'),
        '--output_file', os.path.join(paths.eval, 'mwt.dev.pred.conllu'),
    ] + override(HPARAMS['mwt'], list(extra))
    return run_module('stanza.models.mwt_expander', args, os.path.join(paths.logs, 'mwt.log'), threads)


def train_pos(paths, extra=(), threads=1):
    ud = paths.ud
    args = common(paths, 'pos') + [
        '--mode', 'train', '--train_file', os.path.join(ud, 'train.conllu'),
        '--eval_file', os.path.join(ud, 'dev.conllu'),
        '--output_file', os.path.join(paths.eval, 'pos.dev.pred.conllu'),
        '--wordvec_pretrain_file', paths.model('pretrain'),
    ] + override(HPARAMS['pos'], list(extra))
    return run_module('stanza.models.tagger', args, os.path.join(paths.logs, 'pos.log'), threads)


def train_lemma(paths, extra=(), threads=1):
    ud = paths.ud
    args = ['--shorthand', 'en_compact', '--save_dir', paths.models, '--save_name', MODEL_FILES['lemma']] + \
        device_args() + [
        '--mode', 'train', '--train_file', os.path.join(ud, 'train.conllu'),
        '--eval_file', os.path.join(ud, 'dev.conllu'),
        '--output_file', os.path.join(paths.eval, 'lemma.dev.pred.conllu'),
    ] + override(HPARAMS['lemma'], list(extra))
    return run_module('stanza.models.lemmatizer', args, os.path.join(paths.logs, 'lemma.log'), threads)


def pretrain_dim(path):
    """Width of the word vectors in `path`: stanza's NER initialises its word embedding from
    them, so its --word_emb_dim must match."""
    import torch
    return int(torch.load(path, map_location='cpu', weights_only=False)['emb'].shape[1])


def ner_train_args(save_dir, save_name, train_file, dev_file, vectors):
    """Stanza NER training arguments shared by ``ner``, ``ner_more`` and the cross-validation
    (training/ner_cv.py): the data, the word vectors and the width they fix; the caller adds the
    hyper-parameters."""
    return ['--shorthand', 'en_compact', '--save_dir', save_dir, '--save_name', save_name] + device_args() + [
        '--mode', 'train', '--train_file', train_file, '--eval_file', dev_file,
        '--wordvec_pretrain_file', vectors, '--scheme', 'bioes', '--word_emb_dim', pretrain_dim(vectors),
    ]


def train_ner(paths, extra=(), threads=1):
    args = ner_train_args(paths.models, MODEL_FILES['ner'], paths.ner_train, os.path.join(paths.ner, 'dev.json'),
                          paths.ner_vectors()) + override(HPARAMS['ner'], list(extra))
    return run_module('stanza.models.ner_tagger', args, os.path.join(paths.logs, 'ner.log'), threads,
                      env_extra=_ner_steps_env(paths, 'ner'))


def _ner_steps_env(paths, name):
    """With ``--keep-checkpoints``: a fresh folder <work>/models/<name>_steps where every
    evaluation's weights are saved (training/threaded.py, STANZA_NER_SAVE_EACH), for
    ``python -m training.average``."""
    if not paths.ner_steps:
        return None
    import shutil
    d = os.path.join(paths.models, '%s_steps' % name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return {'STANZA_NER_SAVE_EACH': d}


STAGES.update({'mwt': train_mwt, 'pos': train_pos, 'lemma': train_lemma, 'ner': train_ner})


def train_ner_more(paths, extra=(), threads=1):
    """Continue training the NER model (stanza --finetune) into a side file; the side model
    replaces the main one only if its best dev F1 is higher."""
    side = MODEL_FILES['ner'].replace('.pt', '_more.pt')
    args = ner_train_args(paths.models, side, paths.ner_train, os.path.join(paths.ner, 'dev.json'),
                          paths.ner_vectors()) + ['--finetune', '--finetune_load_name', paths.model('ner')] + \
        override(override(HPARAMS['ner'], HPARAMS['ner_more']), list(extra))
    log = os.path.join(paths.logs, 'ner_more.log')
    elapsed = run_module('stanza.models.ner_tagger', args, log, threads, env_extra=_ner_steps_env(paths, 'ner_more'))

    _keep_if_better(paths, 'ner', side, log, 'ner dev F1')
    return elapsed


STAGES['ner_more'] = train_ner_more

# seeds of the NER models that would vote with the main one (HPARAMS['ner'], seed 3) in a NER
# ensemble (attribution/nlp/ner_ensemble.py): the other two of the three seeds compared for
# version 2026.12.06.0500. Tried on 2026-12-07 and not shipped (MODEL_CARD.md): the stage is
# optional, and the packager adds members only when their files are in the model folder
NER_MEMBER_SEEDS = (1234, 2)


def ner_member_file(seed):
    return MODEL_FILES['ner'].replace('.pt', '_s%d.pt' % seed)


def train_ner_members(paths, extra=(), threads=1):
    """The NER recipe once per seed of NER_MEMBER_SEEDS, each into its own file (about 10 min
    a seed on 2 threads); the packager adds them to the package as an ensemble."""
    elapsed = 0.0
    for seed in NER_MEMBER_SEEDS:
        args = ner_train_args(paths.models, ner_member_file(seed), paths.ner_train,
                              os.path.join(paths.ner, 'dev.json'), paths.ner_vectors()) + \
            override(override(HPARAMS['ner'], ['--seed', seed]), list(extra))
        elapsed += run_module('stanza.models.ner_tagger', args, os.path.join(paths.logs, 'ner_s%d.log' % seed),
                              threads)
    return elapsed


STAGES['ner_members'] = train_ner_members


def _best_dev(log):
    """Best ``dev_score`` of the last run recorded in a stanza training log (-1 if none)."""
    import re
    text = open(log, errors='replace').read()
    text = text[text.rfind('\n### 20'):]
    vals = [float(v) for v in re.findall(r'dev_score = ([\d.]+)', text)]
    return max(vals) if vals else -1


def _current_dev(paths, stage):
    """Dev score of the model a continuation starts from: its training log's, or, when the
    log is gone (a fresh clone, a cleaned work folder) and the model is the packaged one,
    the score in the package manifest; None when neither is known, so that a continued
    model never replaces one whose score nobody recorded."""
    import filecmp
    import json

    from training.common import PACKAGE_DIR
    log = os.path.join(paths.logs, '%s.log' % stage)
    if os.path.exists(log):
        return _best_dev(log)
    packaged = os.path.join(PACKAGE_DIR, MODEL_FILES[stage])
    manifest = os.path.join(PACKAGE_DIR, 'manifest.json')
    current = paths.model(stage)
    if all(map(os.path.exists, (packaged, manifest, current))) and filecmp.cmp(packaged, current, shallow=False):
        score = json.load(open(manifest)).get('dev_scores', {}).get(stage)
        return score / 100.0 if score is not None else None
    return None


def _keep_if_better(paths, stage, side, log, what):
    """After a continuation run (``<stage>_more``): copy the side model over the stage's model
    when its best dev score in ``log`` beats the current one's (:func:`_current_dev`), and
    record that score in the stage's log, where the next continuation reads it."""
    import shutil
    old, new = _current_dev(paths, stage), _best_dev(log)
    print('%s: current %s, continued %.4f' % (what, 'unknown' if old is None else '%.4f' % old, new))
    if old is None:
        print('the current model has no dev score on record: the continued one stays in %s' % side)
    elif new > old:
        shutil.copy2(os.path.join(paths.models, side), paths.model(stage))
        with open(os.path.join(paths.logs, '%s.log' % stage), 'a') as f:
            f.write('\n### continued training (%s_more.log) replaced the model\n'
                    '### best continued dev_score = %.4f\n' % (stage, new))


def train_pos_more(paths, extra=(), threads=1):
    """Continue training the tagger from its saved weights (see training/threaded.py,
    STANZA_INIT_FROM) into a side file; it replaces the main model only if dev improves."""
    import shutil
    ud = paths.ud
    side = MODEL_FILES['pos'].replace('.pt', '_more.pt')
    init = os.path.join(paths.models, 'en_compact_tagger_init.pt')
    shutil.copy2(paths.model('pos'), init)
    args = ['--lang', 'en', '--shorthand', 'en_compact', '--save_dir', paths.models, '--save_name', side] + \
        device_args() + [
        '--mode', 'train', '--train_file', os.path.join(ud, 'train.conllu'),
        '--eval_file', os.path.join(ud, 'dev.conllu'),
        '--output_file', os.path.join(paths.eval, 'pos.dev.pred.conllu'),
        '--wordvec_pretrain_file', paths.model('pretrain'),
    ] + override(override(HPARAMS['pos'], HPARAMS['pos_more']), list(extra))
    log = os.path.join(paths.logs, 'pos_more.log')
    elapsed = run_module('stanza.models.tagger', args, log, threads, env_extra={'STANZA_INIT_FROM': init})
    _keep_if_better(paths, 'pos', side, log, 'pos dev AllTags')
    return elapsed


STAGES['pos_more'] = train_pos_more


def _parser_dev_las(paths, model_file, eval_file, threads=1):
    """LAS of a saved parser on ``eval_file`` (stanza's predict mode; the score is its last log line)."""
    import re
    log = os.path.join(paths.logs, 'depparse_score.log')
    args = ['--lang', 'en', '--shorthand', 'en_compact', '--save_dir', os.path.dirname(model_file),
            '--save_name', os.path.basename(model_file), '--mode', 'predict', '--eval_file', eval_file,
            '--output_file', os.path.join(paths.eval, 'depparse.score.pred.conllu'), '--no_pretrain'] + device_args()
    run_module('stanza.models.parser', args, log, threads)
    text = open(log, errors='replace').read()
    score = re.findall(r'Parser score on \S+ file \S+: ([\d.]+)', text[text.rfind('\n### 20'):])
    return float(score[-1]) if score else -1.0


def train_depparse_retag(paths, extra=(), threads=1):
    """Continue the parser on training data whose tags and lemmas come from our own tagger
    (training.retag), selected on dev with predicted tags: the input it gets at run time.
    The side model replaces the main parser only if it scores higher on that dev set."""
    import shutil

    from training import retag
    ud = paths.ud
    train_file, dev_file = os.path.join(ud, 'train.retag.conllu'), os.path.join(ud, 'dev.retag.conllu')
    if not (os.path.exists(train_file) and os.path.exists(dev_file)):
        retag.retag(paths)
    side = MODEL_FILES['depparse'].replace('.pt', '_retag.pt')
    init = os.path.join(paths.models, 'en_compact_parser_retag_init.pt')
    if not os.path.exists(paths.model('depparse')):
        from training.common import PACKAGE_DIR
        shutil.copy2(os.path.join(PACKAGE_DIR, MODEL_FILES['depparse']), paths.model('depparse'))
    if not os.path.exists(init):
        shutil.copy2(paths.model('depparse'), init)
    args = ['--lang', 'en', '--shorthand', 'en_compact', '--save_dir', paths.models, '--save_name', side] + \
        device_args() + [
        '--mode', 'train', '--train_file', train_file, '--eval_file', dev_file,
        '--output_file', os.path.join(paths.eval, 'depparse_retag.dev.pred.conllu'),
        '--continue_from', init,
    ] + override(override(HPARAMS['depparse'], HPARAMS['depparse_retag']), list(extra))
    log = os.path.join(paths.logs, 'depparse_retag.log')
    elapsed = run_module('stanza.models.parser', args, log, threads, env_extra={'STANZA_PARSER_VOCAB_FROM': init})
    old = _parser_dev_las(paths, paths.model('depparse'), dev_file, threads)
    new = _parser_dev_las(paths, os.path.join(paths.models, side), dev_file, threads)
    print('parser LAS on dev with predicted tags: current %.2f, retag-trained %.2f' % (old, new))
    if new > old:
        shutil.copy2(os.path.join(paths.models, side), paths.model('depparse'))
        with open(os.path.join(paths.logs, 'depparse.log'), 'a') as f:
            f.write('\n### retag-trained parser (depparse_retag.log) replaced the model: '
                    'dev LAS with predicted tags %.2f -> %.2f\n' % (old, new))
    return elapsed


STAGES['depparse_retag'] = train_depparse_retag
