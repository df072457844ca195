"""Export the word-cluster table the learned cue pass reads (attribution/data/word_clusters.tsv.gz).

    python -m training.clusters [--words 50000]

The table maps lowercased word forms to their Brown cluster, from the English table of the
`spacy-lookups-data` package (MIT; installed by ``pip install -e '.[train]'``; 1M word
forms clustered on a large web corpus): the most probable forms, one line each,
``form<TAB>path`` with the path as a bit string from the root. Words sharing a long prefix
behave alike ("criticized", "chided", "lambasted" and "praised" share one cluster), which
lets the learned pass score cue words PolNeAR train never shows. The file is sorted and
written without a timestamp: the same package version gives the same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import os

from training.common import REPO
from training.pretrain import _lookups_version, load_clusters

DEFAULT_OUT = os.path.join(REPO, 'attribution', 'data', 'word_clusters.tsv.gz')


def path_bits(path: int) -> str:
    """The cluster path as a bit string from the root (the int holds step i in bit i)."""
    return bin(path)[2:][::-1]


def main(argv=None):
    ap = argparse.ArgumentParser(prog='python -m training.clusters', description=__doc__.split('\n\n')[0])
    ap.add_argument('--words', type=int, default=50000, help='the most probable forms to keep')
    ap.add_argument('--out', default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    clusters = load_clusters()
    if clusters is None:
        raise SystemExit("spacy-lookups-data is not installed: pip install -e '.[train]'")
    keep = sorted(
        (w for w in clusters if w and not any(c in w for c in '\t\n\xa0 ')),
        key=lambda w: (-clusters[w][1], w),
    )[: args.words]
    tmp = args.out + '.tmp'
    with open(tmp, 'wb') as raw, gzip.GzipFile(fileobj=raw, mode='wb', mtime=0, filename='') as gz:
        gz.write(f'# spacy-lookups-data {_lookups_version()} en_lexeme_cluster (MIT), {len(keep)} forms\n'.encode())
        for w in sorted(keep):
            gz.write(f'{w}\t{path_bits(clusters[w][0])}\n'.encode())
    os.replace(tmp, args.out)
    print(f'{args.out}: {len(keep)} forms, {os.path.getsize(args.out)} bytes')


if __name__ == '__main__':
    main()
