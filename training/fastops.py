"""Speed patch used only while training: torch's F.bilinear (aten::_trilinear) is very slow on
CPU; stanza's tagger/parser biaffine scorers call nn.Bilinear for every word. We replace it
with a mathematically identical matmul formulation. Saved models are unchanged."""
import torch
import torch.nn.functional as F

_orig_bilinear = F.bilinear


def fast_bilinear(input1, input2, weight, bias=None):
    if input1.dim() < 1 or weight.dim() != 3:
        return _orig_bilinear(input1, input2, weight, bias)
    k, i, j = weight.shape
    lead = input1.shape[:-1]
    x1 = input1.reshape(-1, i)
    x2 = input2.reshape(-1, j)
    t = (x1 @ weight.permute(1, 0, 2).reshape(i, k * j)).view(-1, k, j)
    out = torch.bmm(t, x2.unsqueeze(2)).squeeze(2)
    if bias is not None:
        out = out + bias
    return out.view(*lead, k)


def install():
    F.bilinear = fast_bilinear
    torch.nn.modules.linear.F.bilinear = fast_bilinear


def _selftest():
    torch.manual_seed(0)
    m = torch.nn.Bilinear(7, 5, 3)
    a, b = torch.randn(4, 6, 7), torch.randn(4, 6, 5)
    ref = m(a, b)
    install()
    assert torch.allclose(ref, m(a, b), atol=1e-5)
    print('fast bilinear ok')


if __name__ == '__main__':
    _selftest()
