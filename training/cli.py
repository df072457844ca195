"""python -m training <stage> [--data DIR] [--work DIR] [--threads N] [-- extra stanza args]

Stages:
  prep       convert UD EWT + GUM into stanza training files (<work>/data)
  pretrain   build count-based word vectors from the training text (for pos)
  ner_pretrain  the NER model's own word vectors: the shared ones + a sentence encoder's dims
  tokenize | mwt | pos | lemma | depparse | ner   train one processor
  pos_more | ner_more   continue training pos / ner from the saved model (kept only if dev improves)
  ner_members  the NER recipe again with other seeds (training.train.NER_MEMBER_SEEDS), for a NER ensemble
             (optional, not in `train`/`all`: tried on 2026-12-07 and not shipped, MODEL_CARD.md)
  ner_augment  write <work>/data/ner/train.aug.json: train + name-replaced copies (--augment N)
  retag      tag train + dev with our own tagger and lemmatizer (gold words and trees stay)
  depparse_retag  continue the parser on the retagged data (kept only if dev LAS with predicted tags improves)
  train      all six processors (tokenize mwt pretrain ner_pretrain pos pos_more lemma ner ner_more depparse
             depparse_retag)
  package    copy the best models into attribution/models/en_compact (atomic swap)
  card       write MODEL_CARD.md from the package manifest
  snapshot   freeze a copy of the current best models in <work>/snapshot (evaluated + packaged)
  evaluate   end-to-end evaluation from raw text (EWT test, GUM test, NER on GUM test)
  all        prep + train + evaluate + package
Re-running `depparse` (or `all`) resumes the parser from <work>/models/*_checkpoint.pt.
"""
import argparse
import json
import os
import time

from training.common import DEFAULT_DATA, DEFAULT_WORK, Paths

TRAIN_ORDER = ['tokenize', 'mwt', 'pretrain', 'ner_pretrain', 'pos', 'pos_more', 'lemma', 'ner', 'ner_more', 'depparse',
               'depparse_retag']


def record_time(paths, stage, seconds):
    fn = os.path.join(paths.work, 'train_times.json')
    times = {}
    if os.path.exists(fn):
        with open(fn) as f:
            times = json.load(f)
    times[stage] = round(times.get(stage, 0) + seconds, 1)
    with open(fn, 'w') as f:
        json.dump(times, f, indent=1)


def run_stage(paths, stage, extra, threads):
    from training import train
    start = time.time()
    if stage == 'prep':
        from training import prep
        prep.prepare(paths)
    elif stage == 'ner_augment':
        from training import augment
        augment.write_augmented(paths, copies=paths.augment, lexicon=paths.augment_lexicon)
    elif stage == 'retag':
        from training import retag
        retag.retag(paths)
    elif stage == 'pretrain':
        from training import pretrain
        pretrain.build(paths)
    elif stage == 'ner_pretrain':
        from training import ner_vectors
        ner_vectors.build(paths)
    elif stage in train.STAGES:
        train.STAGES[stage](paths, extra=extra, threads=threads)
    elif stage == 'snapshot':
        from training.common import snapshot_models
        snapshot_models(paths)
    elif stage == 'evaluate':
        from training import evaluate
        if not os.path.isdir(paths.snapshot):
            from training.common import snapshot_models
            snapshot_models(paths)
        evaluate.evaluate_all(paths, model_dir=paths.snapshot, threads=threads)
    elif stage == 'package':
        from training import package
        package.package(paths, src=paths.snapshot if os.path.isdir(paths.snapshot) else paths.models)
    elif stage == 'card':
        from training import card
        # the card's hand-written sections live in the repository (training/card_notes.md);
        # a work-folder copy, if any, overrides them
        notes = os.path.join(paths.work, 'card_notes.md')
        card.write(notes_file=notes if os.path.exists(notes) else os.path.join(os.path.dirname(__file__),
                                                                                 'card_notes.md'))
    else:
        raise SystemExit('unknown stage %s' % stage)
    if stage not in ('evaluate', 'package', 'prep', 'card', 'snapshot', 'retag', 'ner_augment'):
        record_time(paths, stage, time.time() - start)
    print('[training] %s done in %.0f s' % (stage, time.time() - start), flush=True)


def main(argv=None):
    p = argparse.ArgumentParser(prog='python -m training', description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('stages', nargs='+', help='one or more stages, run in order')
    p.add_argument('--data', default=DEFAULT_DATA, help='UD data folder (default %(default)s)')
    p.add_argument('--work', default=DEFAULT_WORK, help='git-ignored work folder (default %(default)s)')
    p.add_argument('--threads', type=int, default=max(1, min(4, os.cpu_count() or 1)),
                   help='torch threads per training process (default: min(4, cpus))')
    p.add_argument('--augment', type=int, default=2, metavar='N',
                   help='ner_augment: name-replaced copies of each train sentence with a name (default %(default)s)')
    p.add_argument('--augment-lexicon', action='store_true',
                   help='ner_augment: add the places of attribution/lexicons/names.yaml to the replacement pool')
    p.add_argument('--augmented', action='store_true',
                   help='ner, ner_more: train on <work>/data/ner/train.aug.json (stage ner_augment)')
    p.add_argument('--keep-checkpoints', action='store_true',
                   help='ner, ner_more: also save the weights of every evaluation in <work>/models/<stage>_steps/')
    p.add_argument('--keep-going', action='store_true', help='continue with the next stage if one fails')
    args, extra = p.parse_known_args(argv)
    extra = [e for e in extra if e != '--']
    paths = Paths(args.data, args.work)
    paths.augment, paths.augment_lexicon = args.augment, args.augment_lexicon
    if args.augmented:
        from training.augment import AUG_FILE
        paths.ner_train = os.path.join(paths.ner, AUG_FILE)
        if not os.path.exists(paths.ner_train) and 'ner_augment' not in args.stages:
            raise SystemExit('%s is missing: run `python -m training ner_augment` first' % paths.ner_train)
    if args.keep_checkpoints:
        paths.ner_steps = True
    stages = []
    for s in args.stages:
        if s == 'all':
            stages += ['prep'] + TRAIN_ORDER + ['snapshot', 'evaluate', 'package', 'card']
        elif s == 'train':
            stages += TRAIN_ORDER
        else:
            stages.append(s)
    for stage in stages:
        try:
            run_stage(paths, stage, extra if len(stages) == 1 else [], args.threads)
        except Exception as e:  # noqa: BLE001
            print('[training] stage %s FAILED: %s' % (stage, e), flush=True)
            if not args.keep_going:
                raise
