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


def main():
    threads = int(os.environ.get('STANZA_TRAIN_THREADS', '1'))
    torch.set_num_threads(threads)
    from training import fastops
    fastops.install()
    if os.environ.get('STANZA_INIT_FROM'):
        _init_tagger_from(os.environ['STANZA_INIT_FROM'])
    if os.environ.get('STANZA_PARSER_VOCAB_FROM'):
        _parser_vocab_from(os.environ['STANZA_PARSER_VOCAB_FROM'])
    module = importlib.import_module(sys.argv[1])
    module.main(sys.argv[2:])


if __name__ == '__main__':
    main()
