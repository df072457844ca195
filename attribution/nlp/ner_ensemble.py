"""Several NER models of one recipe voting as one: their CRF scores averaged before decoding.

Why: three runs of the shipped NER recipe that differ only in their seed span two points of
F1 on GUM test (MODEL_CARD.md); each run's errors are partly its own, and averaging the
runs' scores removes part of that variance. The average is taken where the models agree on
meaning: each model's per-word tag scores (its emissions) and its tag-transition scores are
averaged, and one Viterbi pass decodes the sum, so the ensemble's tags are the sequence with
the best mean CRF score over the members, always a well-formed BIOES sequence.

This module reaches into stanza's NER processor and trainer (``stanza.models.ner``); it
belongs to the NLP seam (``attribution/nlp``) and nothing outside the seam uses it. Members
are loaded by :func:`attach_members` after the pipeline is built; a model folder without
members parses exactly as before.
"""

from __future__ import annotations

from collections.abc import Sequence

from attribution.nlp import ModelError


def attach_members(pipeline, members: Sequence[tuple[str, object]], cache) -> None:
    """Add NER models to a loaded pipeline's NER processor and make it decode their average.

    ``members`` holds (model file, stanza ``Pretrain``) pairs; the pipeline's own NER model is
    the first member. Every member must tag with the same tag set as the first, or the scores
    could not be added up (a :class:`ModelError` says which file differs)."""
    from stanza.models.ner.trainer import Trainer
    from stanza.pipeline.processor import UDProcessor

    processor = pipeline.processors.get("ner")
    if processor is None:
        raise ModelError("the model folder lists NER ensemble members but its pipeline has no NER processor")
    first = processor.trainers[0]
    device = next(first.model.parameters()).device
    tags = list(first.vocab["tag"].items(0))
    for model_file, pretrain in members:
        trainer = Trainer(
            args={"charlm_forward_file": None, "charlm_backward_file": None},
            model_file=model_file,
            pretrain=pretrain,
            device=device,
            foundation_cache=cache,
        )
        if list(trainer.vocab["tag"].items(0)) != tags:
            raise ModelError(f"{model_file}: its NER tags differ from the main NER model's; it cannot vote with it")
        config = {k: v for k, v in trainer.args.items() if not UDProcessor.filter_out_option(k)}
        config.update(processor.config)
        processor.trainers.append(trainer)
        processor.configs.append(config)
    processor.__class__ = _ensemble_class(type(processor))


_CLASSES: dict[type, type] = {}


def _ensemble_class(base: type) -> type:
    """The NER processor class with :func:`_process` as its ``process`` (one per base class)."""
    if base not in _CLASSES:
        _CLASSES[base] = type("Ensemble" + base.__name__, (base,), {"process": _process})
    return _CLASSES[base]


def _process(self, document):
    """The NER processor's ``process`` for several models: average, decode, set the tags."""
    import torch
    from stanza.models.common import doc
    from stanza.models.ner.data import DataLoader

    with torch.no_grad():
        loaders = [
            DataLoader(
                document,
                config["batch_size"],
                config,
                vocab=trainer.vocab,
                evaluation=True,
                preprocess_tags=False,
                bert_tokenizer=trainer.model.bert_tokenizer,
            )
            for trainer, config in zip(self.trainers, self.configs, strict=True)
        ]
        preds: list = []
        for batches in zip(*loaders, strict=True):
            preds += decode_average(self.trainers, batches)
    batch = loaders[0]
    batch.doc.set([doc.NER], [tag for sentence in preds for tag in sentence], to_token=True)
    batch.doc.build_ents()
    return batch.doc


def member_scores(trainer, batch):
    """One member's emission scores (one array per sentence of the batch, in the batch's sorted
    order), its transition scores, and the batch's sentence order; what ``Trainer.predict``
    computes before it decodes."""
    from stanza.models.ner.trainer import unpack_batch

    device = next(trainer.model.parameters()).device
    inputs, orig_idx, word_orig_idx, char_orig_idx, sentlens, wordlens, charlens, charoffsets = unpack_batch(
        batch, device
    )
    word, wordchars, wordchars_mask, chars, tags = inputs
    trainer.model.eval()
    _, logits, trans = trainer.model(
        word,
        wordchars,
        wordchars_mask,
        tags,
        word_orig_idx,
        sentlens,
        wordlens,
        chars,
        charoffsets,
        charlens,
        char_orig_idx,
    )
    if len(logits) != 1:
        raise ModelError("NER ensembles need models with one tag column")
    emissions = logits[0].data.cpu().numpy()
    return [emissions[i, : sentlens[i]] for i in range(emissions.shape[0])], trans[0].data.cpu().numpy(), list(orig_idx)


def decode_average(trainers, batches) -> list[list[str]]:
    """Tags for one batch, in document order, from the members' mean emission and transition
    scores."""
    from stanza.models.common import utils
    from stanza.models.common.crf import viterbi_decode
    from stanza.models.common.vocab import VOCAB_PREFIX_SIZE
    from stanza.models.ner.trainer import fix_singleton_tags

    scored = [member_scores(t, b) for t, b in zip(trainers, batches, strict=True)]
    order = scored[0][2]
    if any(s[2] != order for s in scored):
        raise ModelError("NER ensemble members sorted a batch differently")  # same text, same batch size
    n = len(scored)
    trans = sum(s[1] for s in scored) / n
    first = trainers[0]
    tagset = first.args.get("predict_tagset", 0) or 0
    out = []
    for i in range(len(order)):
        emissions = sum(s[0][i] for s in scored) / n
        ids = viterbi_decode(emissions, trans)[0]
        ids = [x if x >= VOCAB_PREFIX_SIZE else VOCAB_PREFIX_SIZE for x in ids]
        tags = first.vocab["tag"].unmap([(x,) for x in ids])
        tags = [x[tagset] if isinstance(x, list | tuple) else x for x in tags]
        out.append(fix_singleton_tags(tags))
    return utils.unsort(out, order)
