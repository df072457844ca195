"""Loading the parser without importing ``torch._dynamo`` (stanza_backend.inference_only).

Each check runs in a fresh interpreter: whether a module was imported is a property of the
whole process, and the test process may have imported it already.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def test_optimizer_built_inside_imports_no_dynamo_and_the_marker_is_removed():
    plain = _run(
        """
        import sys, torch
        torch.optim.Adam([torch.zeros(2, requires_grad=True)])
        print("torch._dynamo" in sys.modules)
        """
    )
    if plain.strip() != "True":
        pytest.skip("this torch builds optimizers without importing torch._dynamo: nothing to avoid")
    out = _run(
        """
        import sys, torch
        from attribution.nlp.stanza_backend import inference_only
        fn = torch.optim.Optimizer.add_param_group.__wrapped__
        with inference_only():
            opt = torch.optim.Adam([torch.zeros(2, requires_grad=True)], lr=0.5)
            print("inside", "torch._dynamo" in sys.modules, opt.param_groups[0]["lr"])
        print("marker", hasattr(fn, "__dynamo_disable"))
        torch.optim.Adam([torch.zeros(2, requires_grad=True)])
        print("after", "torch._dynamo" in sys.modules)
        """
    )
    assert out.split("\n")[:3] == ["inside False 0.5", "marker False", "after True"]


@pytest.mark.model
def test_model_loads_without_dynamo_and_parses_as_a_plain_load_does():
    out = _run(
        """
        import contextlib, sys
        from attribution.nlp import load_parser, stanza_backend
        text = ("Officials said on Tuesday that the tunnel, which the contractor Brennard Civil "
                "built, was safe. \\"We are confident,\\" Mao Ning told reporters in Beijing.")
        fast = load_parser().parse(text)
        print("dynamo", "torch._dynamo" in sys.modules)
        stanza_backend.inference_only = contextlib.nullcontext
        plain = load_parser().parse(text)
        print("same", fast == plain, len(fast.sentences) > 0)
        """
    )
    assert out.split("\n")[:2] == ["dynamo False", "same True True"]
