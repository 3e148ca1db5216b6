#!/usr/bin/python3
"""Generates the golden parity cases of graph models (issue 18) under test/parity/cases/ with PyTorch 1.13.1
(CPU, float32): residual networks written by hand as nested nn.Modules, the way torchvision writes ResNet,
each with the equivalent nnc spec. The modules themselves are in graph_modules.py.

Run: /usr/bin/python3 test/parity/generate_graph_cases.py   (CASES=name,name… regenerates only those)

Same files as generate_cnn_cases.py (train.csv, init.safetensors, expected.safetensors, losses.json,
eval_outputs.csv, case.json), plus spec.nn: a graph cannot be described layer by layer in case.json, so the
case carries its spec, written here next to the PyTorch module it must equal (paths relative to the case folder).
case.json's model.modules lists the module tree (named_modules) for the reader; its "spec" names spec.nn.
"""
import json
import os

import torch
import torch.nn as nn

from generate_cnn_cases import BATCH, CLASSES, ONLY, OUT, ROWS, STEPS, f32, train_and_record, write_safetensors
from graph_modules import BASIC, INCEPTION, PREACT, STEM, BasicBlock, DenseResidual, Inception, PreActBlock, Stem

SCRIPT = "test/parity/generate_graph_cases.py"

def spec_text(name, description, blocks, shape, layers, optimizer):
    features = 1
    for d in shape:
        features *= d
    return f"""# {name}: {description}
{blocks}
data {{
  train = csv("train.csv", label = {features}, header = false)
}}

model {{
  input = [{", ".join(map(str, shape))}]
  weight_init = from("init.safetensors")
{layers.rstrip()}
  loss = cross_entropy(label_smoothing = 0)
}}

train {{
  optimizer = {optimizer}
  steps = {STEPS}
  batch_size = {BATCH}
  shuffle = false
  seed = 0
}}
"""


def make_graph_case(name, description, shape, model, spec, make_opt, opt_info):
    if ONLY and name not in ONLY:
        return
    torch.manual_seed(sum(map(ord, name)))
    model = model()
    features = 1
    for d in shape:
        features *= d
    x = torch.randn(ROWS, *shape)
    y = torch.randint(0, CLASSES, (ROWS,))
    folder = os.path.join(OUT, name)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "train.csv"), "w") as f:
        for r in range(ROWS):
            f.write(",".join(f32(v) for v in x[r].reshape(-1).tolist()) + f",{int(y[r])}\n")
    with open(os.path.join(folder, "spec.nn"), "w") as f:
        f.write(spec)
    write_safetensors(os.path.join(folder, "init.safetensors"), model.state_dict())
    loss_fn = nn.CrossEntropyLoss()
    opt = make_opt(model.parameters())
    losses = train_and_record(folder, model, x, y, loss_fn, opt)
    hyper = {k: (list(v) if isinstance(v, tuple) else v) for k, v in opt.defaults.items()
             if k not in ("foreach", "differentiable", "capturable", "fused")}
    case = {
        "format_version": 1,
        "name": name,
        "description": description,
        "spec": "spec.nn",
        "generated_with": {"framework": "PyTorch", "version": torch.__version__, "device": "cpu", "dtype": "float32",
                           "script": SCRIPT},
        "model": {"input_shape": list(shape), "input_features": features, "output_features": CLASSES,
                  "modules": [f"{n}: {type(m).__name__}" for n, m in model.named_modules() if n]},
        "loss": {"name": "cross_entropy", "torch_class": "torch.nn.CrossEntropyLoss", "reduction": "mean",
                 "label_smoothing": 0.0, "weight": None, "ignore_index": -100},
        "optimizer": {"name": opt_info, "torch_class": f"torch.optim.{opt_info}", "hyperparameters": hyper},
        "lr_schedule": None,
        "training": {"batch_size": BATCH, "steps": STEPS, "shuffle": False,
                     "batching": f"step k (0-based) uses rows [(k*{BATCH}) mod {ROWS}, +{BATCH}) of train.csv in file order",
                     "mode": "train mode for all steps"},
        "data": {"file": "train.csv", "rows": ROWS, "columns": features + 1, "header": False,
                 "features": {"columns": [0, features - 1], "dtype": "float32"},
                 "target": {"kind": "class_index", "column": features, "num_classes": CLASSES}},
        "tensors": {n: {"shape": list(t.shape), "dtype": "I64" if t.dtype == torch.int64 else "F32",
                        "kind": "parameter" if n in dict(model.named_parameters()) else "buffer"}
                    for n, t in model.state_dict().items()},
    }
    with open(os.path.join(folder, "case.json"), "w") as f:
        json.dump(case, f, indent=2)
    print(f"wrote {folder}: loss {losses[0]:.4f} -> {losses[-1]:.4f}")


SGD = ("SGD", lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9),
       "sgd(lr = 0.05, momentum = 0.9, dampening = 0, nesterov = false, weight_decay = 0)")
# The projection case trains with SGD: under Adam its float32 and float64 PyTorch runs already differ by 1e-3 in
# the weights after 30 steps (Adam divides tiny gradients of the convolutions before batch norm by their tiny
# RMS, so rounding decides them), which no comparison of two float32 implementations could pass.
SGD_NESTEROV = ("SGD", lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True, weight_decay=1e-3),
                "sgd(lr = 0.05, momentum = 0.9, dampening = 0, nesterov = true, weight_decay = 0.001)")
ADAM = ("Adam", lambda p: torch.optim.Adam(p, lr=0.01),
        "adam(lr = 0.01, betas = [0.9, 0.999], eps = 1e-8, weight_decay = 0, amsgrad = false)")
ADAMW = ("AdamW", lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.01),
         "adamw(lr = 0.01, betas = [0.9, 0.999], eps = 1e-8, weight_decay = 0.01, amsgrad = false)")


def image_case(name, description, shape, c, features, body, blocks, body_spec, optimizer):
    opt_info, make_opt, opt_spec = optimizer
    spec = spec_text(name, description, blocks, shape, STEM.format(c=c, body=body_spec.rstrip(), classes=CLASSES), opt_spec)
    make_graph_case(name, description, shape, lambda: Stem(shape[0], c, body(), features), spec, make_opt, opt_info)


image_case(
    "graph_basic_identity", "conv-bn-relu stem, one BasicBlock with an identity shortcut (out + x), global pool, Linear; SGD with momentum",
    (2, 6, 6), 4, 4, lambda: [("res1", BasicBlock(4, 4))], BASIC, "  res1: basic(4)", SGD,
)
image_case(
    "graph_basic_projection", "stem, layer1 = nn.Sequential(BasicBlock(4 -> 8, stride 2, downsample = 1x1 conv stride 2 + BatchNorm2d), BasicBlock(8)), global pool, Linear; SGD with Nesterov momentum and weight decay",
    (2, 7, 7), 4, 8, lambda: [("layer1", nn.Sequential(BasicBlock(4, 8, 2), BasicBlock(8, 8)))], BASIC,
    "  layer1: repeat(2, basic(8), first = basic(8, stride = 2))", SGD_NESTEROV,
)
image_case(
    "graph_inception_concat", "stem, an Inception block: 1x1 conv | 1x1 -> 3x3 conv | 3x3 max pool -> 1x1 conv | the input, concatenated along channels (3 + 3 + 2 + 4), global pool, Linear; AdamW",
    (2, 6, 6), 4, 12, lambda: [("mix", Inception(4))], INCEPTION, "  mix: inception", ADAMW,
)
image_case(
    "graph_preact_groupnorm", "stem, layer1 = two pre-activation blocks (GroupNorm(2) -> ReLU -> conv, twice, + x), GroupNorm, ReLU, global pool, Linear; SGD with momentum",
    (2, 6, 6), 4, 4,
    lambda: [("layer1", nn.Sequential(PreActBlock(4, 2), PreActBlock(4, 2))), ("gn", nn.GroupNorm(2, 4)), ("relu", nn.ReLU())],
    PREACT, "  layer1: repeat(2, preact(4))\n  gn: groupnorm(2)\n  relu", SGD,
)
make_graph_case(
    "graph_dense_layernorm", "flat features: Linear, ReLU, a residual (Linear -> LayerNorm -> ReLU -> Linear, + x), ReLU, an add of two branches (Linear -> tanh | Linear), Linear; Adam",
    (10,), lambda: DenseResidual(10),
    spec_text("graph_dense_layernorm", "flat features: a residual MLP block with layer norm and an add of two branches", "", (10,), """  fc_in: dense(8)
  relu
  residual { fc1: dense(8) ln1: layernorm relu fc2: dense(8) }
  relu
  mix: add {
    a: branch { fc: dense(6) tanh }
    b: branch { fc: dense(6) }
  }
  out: dense(3)
""", ADAM[2]),
    ADAM[1], ADAM[0],
)
