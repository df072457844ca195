"""Data preparation: UD EWT + GUM -> stanza training files under <work>/data.

Outputs (in <work>/data/ud):
  train.conllu / dev.conllu        EWT+GUM combined (official splits), cleaned
  {ewt,gum}.{dev,test}.conllu      per-treebank gold files for evaluation
  {split}.txt / .toklabels / .mwt.json   tokenizer training files (raw text)
  {ewt,gum}.test.txt               raw text of the test sets for end-to-end evaluation
and in <work>/data/ner: {train,dev,test}.json (GUM named entities, BIOES)
"""
import json
import os
import re

from attribution.nlp.ner_eval import (  # noqa: F401  (the gold-name rule, one copy; re-exported for the recipe)
    CONNECTORS,
    NER_TYPES,
    gold_names,
    gum_mentions,
    mention_head,
    name_span,
    namey,
    parse_entity_field,
)
from training.common import Paths

SPLITS = ('train', 'dev', 'test')


# ---------------------------------------------------------------- reading
def read_conllu(path):
    """Yield sentences as (comments, rows) where rows are lists of 10 fields."""
    comments, rows = [], []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if not line.strip():
                if rows:
                    yield comments, rows
                comments, rows = [], []
            elif line.startswith('#'):
                comments.append(line)
            else:
                rows.append(line.split('\t'))
    if rows:
        yield comments, rows


def ewt_files(data, split):
    base = os.path.join(data, 'ewt')
    with open(os.path.join(base, 'file-lists', 'files.%s' % split)) as f:
        return [os.path.join(base, 'sources', line.strip()) for line in f if line.strip()]


def gum_split_lists(data):
    lists, current = {}, None
    with open(os.path.join(data, 'gum', 'splits.md')) as f:
        for line in f:
            m = re.match(r'^##\s+(\S+)', line)
            if m:
                current = m.group(1)
                lists[current] = []
            elif current and line.strip().startswith('*'):
                lists[current].append(line.strip().lstrip('*').strip())
    return lists


def gum_files(data, split):
    dep = os.path.join(data, 'gum', 'dep')
    present = sorted(f[:-len('.conllu')] for f in os.listdir(dep) if f.endswith('.conllu'))
    lists = gum_split_lists(data)
    held = set(lists.get('dev', [])) | set(lists.get('test', [])) | set(lists.get('test2', []))
    if split == 'train':
        names = [n for n in present if n not in held]
    else:
        names = [n for n in lists.get(split, []) if n in present]
    return [os.path.join(dep, n + '.conllu') for n in names]


# ---------------------------------------------------------------- cleaning
def clean_misc(misc):
    keep = [m for m in misc.split('|') if m.startswith('SpaceAfter=') or m.startswith('SpacesAfter=')]
    return '|'.join(keep) if keep else '_'


KEEP_COMMENTS = ('# newdoc', '# newpar', '# sent_id', '# text =')


def clean_sentence(comments, rows):
    comments = [c for c in comments if c.startswith(KEEP_COMMENTS) and not c.startswith('# newpar_block')]
    out = []
    for r in rows:
        if '.' in r[0]:          # empty nodes (enhanced UD only)
            continue
        r = list(r)
        r[8] = '_'
        r[9] = clean_misc(r[9])
        out.append(r)
    return comments, out


def write_conllu(sents, path):
    with open(path, 'w', encoding='utf-8') as f:
        for comments, rows in sents:
            for c in comments:
                f.write(c + '\n')
            for r in rows:
                f.write('\t'.join(r) + '\n')
            f.write('\n')


# ---------------------------------------------------------------- raw text
def space_after(misc):
    return 'SpaceAfter=No' not in misc.split('|')


def sentence_text(rows):
    """Surface text of a sentence from its tokens (MWT ranges count as one token)."""
    parts, skip_to = [], 0
    for r in rows:
        if '-' in r[0]:
            a, b = r[0].split('-')
            skip_to = int(b)
            parts.append(r[1] + (' ' if space_after(r[9]) else ''))
        elif '.' in r[0]:
            continue
        elif int(r[0]) <= skip_to:
            continue
        else:
            parts.append(r[1] + (' ' if space_after(r[9]) else ''))
    return ''.join(parts).strip()


def write_raw_text(sents, path):
    """Paragraphs (newpar/newdoc) separated by blank lines, sentences by a space."""
    paras, cur = [], []
    for comments, rows in sents:
        if any(c.startswith(('# newpar', '# newdoc')) for c in comments) and cur:
            paras.append(' '.join(cur))
            cur = []
        cur.append(sentence_text(rows))
    if cur:
        paras.append(' '.join(cur))
    with open(path, 'w', encoding='utf-8') as f:
        f.write('\n\n'.join(paras) + '\n')


def tokenizer_labels(txt, conllu, labels, mwt_json):
    from stanza.utils.datasets import prepare_tokenizer_data
    prepare_tokenizer_data.main([txt, conllu, '-o', labels, '-m', mwt_json])


# ---------------------------------------------------------------- NER
# gold names: the rule (MODEL_CARD.md) is attribution.nlp.ner_eval.gold_names, imported above


def ner_sentence(rows):
    words, kept = gold_names(rows)
    tags = ['O'] * len(words)
    for s, e, t in kept:
        if s == e:
            tags[s] = 'S-' + t
        else:
            tags[s] = 'B-' + t
            tags[e] = 'E-' + t
            for i in range(s + 1, e):
                tags[i] = 'I-' + t
    return [{'text': w[1], 'ner': tag} for w, tag in zip(words, tags, strict=False)]


# ---------------------------------------------------------------- main
def prepare(paths):
    data = paths.data
    per = {}
    for tb, files_fn in (('ewt', ewt_files), ('gum', gum_files)):
        for split in SPLITS:
            sents = []
            for fn in files_fn(data, split):
                sents.extend(read_conllu(fn))
            per[(tb, split)] = sents
            print('%s %s: %d files, %d sentences' % (tb, split, len(files_fn(data, split)), len(sents)))
    ud = paths.ud
    for split in SPLITS:
        combined = []
        for tb in ('ewt', 'gum'):
            cleaned = [clean_sentence(c, r) for c, r in per[(tb, split)]]
            combined.extend(cleaned)
            if split != 'train':
                write_conllu(cleaned, os.path.join(ud, '%s.%s.conllu' % (tb, split)))
                write_raw_text(cleaned, os.path.join(ud, '%s.%s.txt' % (tb, split)))
        write_conllu(combined, os.path.join(ud, '%s.conllu' % split))
        write_raw_text(combined, os.path.join(ud, '%s.txt' % split))
        tokenizer_labels(os.path.join(ud, '%s.txt' % split), os.path.join(ud, '%s.conllu' % split),
                         os.path.join(ud, '%s.toklabels' % split), os.path.join(ud, '%s.mwt.json' % split))
    # NER from GUM (all genres present; official splits)
    for split in SPLITS:
        docs = [ner_sentence(rows) for _, rows in per[('gum', split)]]
        with open(os.path.join(paths.ner, '%s.json' % split), 'w', encoding='utf-8') as f:
            json.dump(docs, f, ensure_ascii=False)
        counts = {}
        for sent in docs:
            for w in sent:
                if w['ner'][:2] in ('B-', 'S-'):
                    counts[w['ner'][2:]] = counts.get(w['ner'][2:], 0) + 1
        print('ner %s: %d sentences, entities %s' % (split, len(docs), counts))


def main(args):
    prepare(Paths(args.data, args.work))
