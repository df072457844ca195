"""Run a stanza training module's main() after fixing torch's thread count.

Usage: python -m training.threaded stanza.models.parser ARGS...

Environment:
  STANZA_TRAIN_THREADS  torch threads (default 1)
  STANZA_INIT_FROM      (tagger only) start training from the weights of this saved model
                        instead of a random initialisation (stanza's tagger has no
                        continue/finetune option; the vocab is rebuilt identically from the
                        same training file, so the weights fit).
  STANZA_PARSER_VOCAB_FROM  (parser only) map the training data with this saved parser's
                        vocabulary: stanza builds the vocabulary from the training file even
                        with --continue_from, and retagged data (training/retag.py) has a
                        different tag inventory than the gold data the model was built on.
  (ner --finetune)       stanza builds a continued NER model's optimizer from the learning
                        rate saved in the model's config and ignores --lr; when --lr is given,
                        the optimizer is set to it here (before 2026-12-03, `ner_more -- --lr X`
                        trained at the saved 0.1 whatever X was).
  STANZA_NER_SAVE_EACH  (ner only) also save the weights at every evaluation (every
                        --eval_interval steps) into this folder as step_<N>.pt, for
                        checkpoint averaging (python -m training.average).
"""
import importlib
import os
import sys

import torch


def _init_tagger_from(path):
    import stanza.models.pos.trainer as T
    orig_init = T.Trainer.__init__

    def init(self, args=None, vocab=None, pretrain=None, model_file=None, device=None, foundation_cache=None):
        orig_init(self, args=args, vocab=vocab, pretrain=pretrain, model_file=model_file, device=device,
                  foundation_cache=foundation_cache)
        if model_file is None:
            state = torch.load(path, map_location='cpu', weights_only=False)
            missing, unexpected = self.model.load_state_dict(state['model'], strict=False)
            print('initialised tagger from %s (missing %s, unexpected %s)' % (path, missing, unexpected),
                  flush=True)
    T.Trainer.__init__ = init


def _parser_vocab_from(path):
    import stanza.models.depparse.data as D
    from stanza.models.pos.vocab import MultiVocab
    vocab = MultiVocab.load_state_dict(torch.load(path, map_location='cpu', weights_only=False)['vocab'])

    def init_vocab(self, data):
        return vocab
    D.Dataset.init_vocab = init_vocab
    print('parser data mapped with the vocabulary of %s' % path, flush=True)


def _ner_save_each(folder, interval):
    import stanza.models.ner.trainer as T
    orig_update = T.Trainer.update
    step = [0]

    def update(self, batch, eval=False):
        loss = orig_update(self, batch, eval=eval)
        if not eval:
            step[0] += 1
            if step[0] % interval == 0:
                self.save(os.path.join(folder, 'step_%05d.pt' % step[0]))
        return loss
    T.Trainer.update = update
    print('ner weights saved every %d steps into %s' % (interval, folder), flush=True)


def _ner_finetune_lr(lr):
    import stanza.models.ner_tagger as N
    orig_load = N.load_model

    def load_model(args, model_file):
        loaded_args, trainer, vocab = orig_load(args, model_file)
        if args.get('mode') == 'train':
            for group in trainer.optimizer.param_groups:
                group['lr'] = lr
            loaded_args['lr'] = trainer.args['lr'] = lr
            print('continued ner model: learning rate set to %g' % lr, flush=True)
        return loaded_args, trainer, vocab
    N.load_model = load_model


def _arg(name, default):
    argv = sys.argv
    return argv[argv.index(name) + 1] if name in argv[:-1] else default


def main():
    threads = int(os.environ.get('STANZA_TRAIN_THREADS', '1'))
    torch.set_num_threads(threads)
    from training import fastops
    fastops.install()
    if os.environ.get('STANZA_INIT_FROM'):
        _init_tagger_from(os.environ['STANZA_INIT_FROM'])
    if os.environ.get('STANZA_PARSER_VOCAB_FROM'):
        _parser_vocab_from(os.environ['STANZA_PARSER_VOCAB_FROM'])
    if os.environ.get('STANZA_NER_SAVE_EACH'):
        _ner_save_each(os.environ['STANZA_NER_SAVE_EACH'], int(_arg('--eval_interval', 500)))
    if sys.argv[1] == 'stanza.models.ner_tagger' and '--finetune' in sys.argv and '--lr' in sys.argv[:-1]:
        _ner_finetune_lr(float(_arg('--lr', 0.1)))
    module = importlib.import_module(sys.argv[1])
    module.main(sys.argv[2:])


if __name__ == '__main__':
    main()
