#!/usr/bin/python3
"""Generates the golden parity cases of the normalisation and pooling layers graph models need (issue 18):
layer_layernorm, layer_groupnorm and layer_adaptive_avgpool under test/parity/cases/, with PyTorch 1.13.1
(CPU, float32).

Run: /usr/bin/python3 test/parity/generate_layer_cases.py   (CASES=name,name… regenerates only those)

Same file format as generate_cnn_cases.py (whose make_case this reuses), with three more layer kinds:
  layernorm          nn.LayerNorm: normalized_shape, eps, elementwise_affine
  groupnorm          nn.GroupNorm: num_groups, num_channels, eps, affine
  adaptive_avgpool2d nn.AdaptiveAvgPool2d with any output_size ([h, w]; PyTorch's bins)
stochastic_depth and DropConnect are random: their tests check statistics and evaluation instead
(test/codegen/random-layers.test.ts).
"""
import torch
import torch.nn as nn

import generate_cnn_cases as cnn

SCRIPT = "test/parity/generate_layer_cases.py"
CLASSES = cnn.CLASSES
describe_cnn = cnn.describe


def describe(name, m):
    if isinstance(m, nn.LayerNorm):
        return {"kind": "layernorm", "name": name, "normalized_shape": list(m.normalized_shape), "eps": m.eps,
                "elementwise_affine": m.elementwise_affine}
    if isinstance(m, nn.GroupNorm):
        return {"kind": "groupnorm", "name": name, "num_groups": m.num_groups, "num_channels": m.num_channels,
                "eps": m.eps, "affine": m.affine}
    if isinstance(m, nn.AdaptiveAvgPool2d):
        size = m.output_size
        return {"kind": "adaptive_avgpool2d", "output_size": list(size) if isinstance(size, tuple) else size}
    return describe_cnn(name, m)


# make_case describes each layer through the module's `describe`.
cnn.describe = describe

cnn.make_case(
    "layer_layernorm", "Conv2d -> LayerNorm([4, 6, 6]) -> ReLU -> Flatten -> Linear -> LayerNorm(8, eps 1e-3) -> Tanh -> Linear, Adam",
    (2, 6, 6),
    lambda: [("conv1", nn.Conv2d(2, 4, 3, padding=1)), ("ln1", nn.LayerNorm([4, 6, 6])), ("relu1", nn.ReLU()),
     ("flatten", nn.Flatten()), ("fc1", nn.Linear(144, 8)), ("ln2", nn.LayerNorm(8, eps=1e-3)), ("tanh", nn.Tanh()),
     ("fc2", nn.Linear(8, CLASSES))],
    lambda p: torch.optim.Adam(p, lr=0.01), "Adam", script=SCRIPT,
)
cnn.make_case(
    "layer_groupnorm", "Conv2d(no bias) -> GroupNorm(3, 6) -> ReLU -> Conv2d(stride 2) -> GroupNorm(2, 4, eps 1e-3) -> ReLU -> Flatten -> Linear, SGD with momentum",
    (2, 7, 7),
    lambda: [("conv1", nn.Conv2d(2, 6, 3, padding=1, bias=False)), ("gn1", nn.GroupNorm(3, 6)), ("relu1", nn.ReLU()),
     ("conv2", nn.Conv2d(6, 4, 3, stride=2)), ("gn2", nn.GroupNorm(2, 4, eps=1e-3)), ("relu2", nn.ReLU()),
     ("flatten", nn.Flatten()), ("fc", nn.Linear(4 * 3 * 3, CLASSES))],
    lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9), "SGD",
    note="conv1 has no bias: a bias directly before GroupNorm has no effect on the output, so its gradient is rounding noise.",
    script=SCRIPT,
)
cnn.make_case(
    "layer_adaptive_avgpool", "Conv2d -> ReLU -> AdaptiveAvgPool2d(3) on 7x7 (overlapping bins) -> Conv2d(1x1) -> AdaptiveAvgPool2d((2, 4)) (3 -> 2 and 3 -> 4) -> Flatten -> Linear, AdamW",
    (2, 7, 7),
    lambda: [("conv1", nn.Conv2d(2, 4, 3, padding=1)), ("relu1", nn.ReLU()), ("pool1", nn.AdaptiveAvgPool2d(3)),
     ("conv2", nn.Conv2d(4, 5, 1)), ("pool2", nn.AdaptiveAvgPool2d((2, 4))),
     ("flatten", nn.Flatten()), ("fc", nn.Linear(5 * 2 * 4, CLASSES))],
    lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.01), "AdamW", script=SCRIPT,
)
