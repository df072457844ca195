"""Load the packaged pipeline with every socket blocked and parse a sentence.

python -m training.verify [model_dir]
"""
import json
import os
import socket
import sys
import time

from training.common import PACKAGE_DIR


def block_network():
    def refuse(*args, **kwargs):
        raise OSError('network access blocked by training.verify')
    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    model_dir = argv[0] if argv else PACKAGE_DIR
    block_network()
    # importing torch and stanza is timed apart from loading the model: the import costs the
    # same for any model (about 2 s on the 2-core machine, more when transformers is installed,
    # which stanza then imports too)
    t0 = time.time()
    import stanza  # noqa: F401
    import torch  # noqa: F401
    imports = time.time() - t0
    from training.evaluate import load_pipeline
    t0, c0 = time.time(), time.process_time()
    nlp = load_pipeline(model_dir)
    load, load_cpu = time.time() - t0, time.process_time() - c0
    text = ("Prime Minister Jacinda Ardern told reporters in Wellington on Tuesday that the "
            "Ministry of Health didn't expect further cases. \"We're confident,\" she said.")
    t0 = time.time()
    doc = nlp(text)
    parse = time.time() - t0
    for s in doc.sentences:
        for w in s.words:
            print(w.id, w.text, w.lemma, w.upos, w.xpos, w.head, w.deprel, sep='\t')
        print()
    print('entities:', [(e.text, e.type) for e in doc.ents])
    print(json.dumps({'import_seconds': round(imports, 2), 'load_seconds': round(load, 2),
                      'load_cpu_seconds': round(load_cpu, 2),
                      'loadavg_1min': os.getloadavg()[0], 'parse_seconds': round(parse, 2),
                      'model_dir': os.path.abspath(model_dir)}))


if __name__ == '__main__':
    main()
