"""The word-vector builder of the training recipe (training/pretrain.py): count vectors plus
Brown-cluster dimensions. Runs on small made-up inputs, so it needs neither the treebanks nor
spacy-lookups-data."""
import numpy as np

from training import pretrain


def test_cluster_vectors_share_prefixes():
    # bit i of the int is step i from the root: 0b0101 and 0b1101 share the 3-step prefix 101
    rows = pretrain.cluster_vectors([(0b0101, -5.0), (0b1101, -5.0), (0b0010, -5.0), None])
    assert rows.shape == (4, pretrain.CLUSTER_DIM + 1)
    a, b, c, missing = rows[:, :-1]
    assert np.isclose(np.linalg.norm(a), 1.0, atol=1e-5)
    assert a @ b > a @ c
    assert not missing.any()
    assert rows[3, -1] == 0.0


def test_cluster_vectors_are_deterministic():
    entries = [(0b110101, -8.0), (0b10, -3.0)]
    assert np.array_equal(pretrain.cluster_vectors(entries), pretrain.cluster_vectors(entries))


def test_log_probability_dimension_orders_frequency():
    rows = pretrain.cluster_vectors([(0b1, -3.0), (0b1, -15.0), (0b1, -40.0)])
    assert rows[0, -1] > rows[1, -1] > rows[2, -1] == 0.0


def test_add_clusters_keeps_count_vectors_and_grows_vocabulary(monkeypatch):
    monkeypatch.setattr(pretrain, 'MAX_VOCAB_ALL', 4)
    vocab = ['the', 'said']
    vecs = np.eye(2, 3, dtype=np.float32)
    clusters = {'said': (0b1011, -6.0), 'tokyo': (0b0110, -9.0), 'gaza': (0b0110, -11.0),
                'rare': (0b0001, -18.0)}
    words, out = pretrain.add_clusters(vocab, vecs, clusters)
    # the two most probable new words, by probability; 'rare' does not fit
    assert words == ['the', 'said', 'tokyo', 'gaza']
    assert out.shape == (4, 3 + pretrain.CLUSTER_DIM + 1)
    assert np.array_equal(out[:2, :3], vecs)
    assert not out[2:, :3].any()
    assert not out[0, 3:-1].any()          # 'the' has no cluster in this table
    assert np.allclose(out[2, 3:-1], out[3, 3:-1])   # same cluster, same cluster part
