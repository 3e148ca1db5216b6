#!/usr/bin/python3
"""Generates the convolutional golden parity cases under test/parity/cases/ with PyTorch 1.13.1 (CPU, float32).

Run: /usr/bin/python3 test/parity/generate_cnn_cases.py   (Debian: apt-get install -y python3-torch)

Same file formats as the dense golden cases (see /work/shared/golden/README.md), extended with:
  model.input_shape = [C, H, W]: each CSV row holds C*H*W features in NCHW order (index c*H*W + i*W + j),
  layers conv2d, batchnorm2d, maxpool2d, avgpool2d, adaptive_avgpool2d (output_size 1) and flatten,
  each with every nn.Module argument written out (PyTorch's names).
Cases are small on purpose (48 rows, a few hundred parameters) so they run in a second.
CASES=name,name… regenerates only those cases.
"""
import copy
import json
import os
import struct

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases")
ROWS, BATCH, STEPS, CLASSES = 48, 16, 30, 3
ONLY = [c for c in os.environ.get("CASES", "").split(",") if c]


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        t = t.detach().cpu().contiguous()
        if t.dtype == torch.int64:
            dtype, data = "I64", struct.pack(f"<{t.numel()}q", *t.reshape(-1).tolist())
        else:
            dtype, data = "F32", t.to(torch.float32).numpy().tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def f32(v):
    return repr(float(v))


def pair(v):
    return list(v) if isinstance(v, tuple) else [v, v]


def describe(name, m):
    if isinstance(m, nn.Conv2d):
        return {"kind": "conv2d", "name": name, "in_channels": m.in_channels, "out_channels": m.out_channels,
                "kernel_size": pair(m.kernel_size), "stride": pair(m.stride), "padding": pair(m.padding),
                "dilation": pair(m.dilation), "groups": m.groups, "bias": m.bias is not None, "padding_mode": m.padding_mode}
    if isinstance(m, nn.BatchNorm2d):
        return {"kind": "batchnorm2d", "name": name, "num_features": m.num_features, "eps": m.eps, "momentum": m.momentum,
                "affine": m.affine, "track_running_stats": m.track_running_stats}
    if isinstance(m, nn.MaxPool2d):
        return {"kind": "maxpool2d", "kernel_size": pair(m.kernel_size), "stride": pair(m.stride), "padding": pair(m.padding),
                "dilation": pair(m.dilation), "ceil_mode": m.ceil_mode, "return_indices": m.return_indices}
    if isinstance(m, nn.AvgPool2d):
        return {"kind": "avgpool2d", "kernel_size": pair(m.kernel_size), "stride": pair(m.stride), "padding": pair(m.padding),
                "ceil_mode": m.ceil_mode, "count_include_pad": m.count_include_pad, "divisor_override": m.divisor_override}
    if isinstance(m, nn.AdaptiveAvgPool2d):
        return {"kind": "adaptive_avgpool2d", "output_size": m.output_size}
    if isinstance(m, nn.Flatten):
        return {"kind": "flatten", "start_dim": m.start_dim, "end_dim": m.end_dim}
    if isinstance(m, nn.Linear):
        return {"kind": "linear", "name": name, "in_features": m.in_features, "out_features": m.out_features, "bias": m.bias is not None}
    if isinstance(m, nn.ReLU):
        return {"kind": "activation", "fn": "relu"}
    if isinstance(m, nn.Tanh):
        return {"kind": "activation", "fn": "tanh"}
    raise ValueError(m)


def train_steps(model, x, y, loss_fn, opt):
    """Trains STEPS batches in order (step k takes rows (k·BATCH) mod ROWS onward); returns the losses and lrs."""
    losses, lrs = [], []
    model.train()
    for k in range(STEPS):
        s = (k * BATCH) % ROWS
        opt.zero_grad()
        loss = loss_fn(model(x[s:s + BATCH]), y[s:s + BATCH])
        loss.backward()
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        losses.append(loss.item())
    return losses, lrs


def train_and_record(folder, model, x, y, loss_fn, opt):
    """Trains STEPS batches in order, writes expected.safetensors, losses.json and eval_outputs.csv; returns the losses."""
    losses, lrs = train_steps(model, x, y, loss_fn, opt)
    write_safetensors(os.path.join(folder, "expected.safetensors"), model.state_dict())
    with open(os.path.join(folder, "losses.json"), "w") as f:
        json.dump({"loss": losses, "lr": lrs}, f, indent=1)
    model.eval()
    with torch.no_grad():
        out = model(x)
    with open(os.path.join(folder, "eval_outputs.csv"), "w") as f:
        for r in range(ROWS):
            f.write(",".join(f32(v) for v in out[r].tolist()) + "\n")
    return losses


NOISE = 2e-7


def conditioning(initial, trained, x, y, loss_fn, make_opt, draws=8):
    """How far rounding-sized noise can move the case: the largest |Δw| / (1e-5 + 1e-4·|w|) (the parity runner's
    tolerance for weights) over `draws` trainings from the initial weights each scaled by 1 + U(−NOISE, NOISE).
    A case far below 1 tests the arithmetic; near or above 1, a faithful float32 implementation can fail it by chance
    (Adam's first steps are ±lr whatever a gradient's size, so a near-zero gradient's sign decides a weight)."""
    gen = torch.Generator().manual_seed(0)
    want = {k: v for k, v in trained.state_dict().items() if v.is_floating_point()}
    worst = 0.0
    for _ in range(draws):
        model = copy.deepcopy(initial)
        with torch.no_grad():
            for p in model.parameters():
                p.mul_(1 + NOISE * (2 * torch.rand(p.shape, generator=gen) - 1))
        train_steps(model, x, y, loss_fn, make_opt(model.parameters()))
        for n, v in model.state_dict().items():
            if n in want:
                worst = max(worst, ((v - want[n]).abs() / (1e-5 + 1e-4 * want[n].abs())).max().item())
    return worst


def make_case(name, description, shape, layers, make_opt, opt_info, label_smoothing=0.0, note=None,
              script="test/parity/generate_cnn_cases.py"):
    """Writes case `name`: `layers` is a function returning the model's [(name, module), …], called once seeded."""
    if ONLY and name not in ONLY:
        return
    # Seeded before the layers are built: their initial weights are drawn then, so a case is the same whether it
    # is generated alone (CASES=…) or after the others.
    torch.manual_seed(sum(map(ord, name)))
    model = nn.Sequential()
    for lname, m in layers():
        model.add_module(lname, m)
    C, H, W = shape
    feats = C * H * W
    x = torch.randn(ROWS, C, H, W)
    y = torch.randint(0, CLASSES, (ROWS,))
    loss_fn = nn.CrossEntropyLoss(label_smoothing=label_smoothing)
    trained = copy.deepcopy(model)
    train_steps(trained, x, y, loss_fn, make_opt(trained.parameters()))
    sensitivity = conditioning(model, trained, x, y, loss_fn, make_opt)
    if sensitivity > 0.5:
        raise SystemExit(f"{name}: ill-conditioned: initial weights changed by {NOISE:g} (relative) move the trained weights by "
                         f"{sensitivity:.3g}× the parity tolerance, so float32 rounding alone can fail the case; change its seed or data")
    folder = os.path.join(OUT, name)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "train.csv"), "w") as f:
        for r in range(ROWS):
            f.write(",".join(f32(v) for v in x[r].reshape(-1).tolist()) + f",{int(y[r])}\n")
    write_safetensors(os.path.join(folder, "init.safetensors"), model.state_dict())
    opt = make_opt(model.parameters())
    losses = train_and_record(folder, model, x, y, loss_fn, opt)
    hyper = {k: (list(v) if isinstance(v, tuple) else v) for k, v in opt.defaults.items()
             if k not in ("foreach", "differentiable", "capturable", "fused")}
    case = {
        "format_version": 1,
        "name": name,
        "description": description,
        "generated_with": {"framework": "PyTorch", "version": torch.__version__, "device": "cpu", "dtype": "float32",
                           "script": script},
        "model": {"input_shape": [C, H, W], "input_features": feats, "output_features": CLASSES,
                  "layers": [describe(n, m) for n, m in model.named_children()],
                  "conventions": {"layout": "NCHW; a CSV row holds x[c, i, j] at column c*H*W + i*W + j",
                                  "conv2d": "weight [out_channels, in_channels/groups, kh, kw], bias [out_channels]"}},
        "loss": {"name": "cross_entropy", "torch_class": "torch.nn.CrossEntropyLoss", "reduction": "mean",
                 "label_smoothing": label_smoothing, "weight": None, "ignore_index": -100},
        "l1": None,
        "optimizer": {"name": opt_info, "torch_class": f"torch.optim.{opt_info}", "hyperparameters": hyper},
        "lr_schedule": None,
        "training": {"batch_size": BATCH, "steps": STEPS, "shuffle": False,
                     "batching": f"step k (0-based) uses rows [(k*{BATCH}) mod {ROWS}, +{BATCH}) of train.csv in file order",
                     "mode": "train mode for all steps"},
        "data": {"file": "train.csv", "rows": ROWS, "columns": feats + 1, "header": False,
                 "features": {"columns": [0, feats - 1], "dtype": "float32"},
                 "target": {"kind": "class_index", "column": feats, "num_classes": CLASSES}},
        "tensors": {n: {"shape": list(t.shape), "dtype": "I64" if t.dtype == torch.int64 else "F32",
                        "kind": "parameter" if n in dict(model.named_parameters()) else "buffer"}
                    for n, t in model.state_dict().items()},
    }
    if note:
        case["note"] = note
    with open(os.path.join(folder, "case.json"), "w") as f:
        json.dump(case, f, indent=2)
    print(f"wrote {folder}: loss {losses[0]:.4f} -> {losses[-1]:.4f}; rounding-sized noise moves the weights by "
          f"{sensitivity:.3f}× the tolerance")


# The cases, when run as a script (generate_layer_cases.py imports the functions above).
if __name__ == "__main__":
    make_case(
        "cnn_conv_maxpool", "Conv2d(pad 1) -> ReLU -> MaxPool2d(2) -> Conv2d -> ReLU -> Flatten -> Linear, SGD with momentum",
        (1, 8, 8),
        lambda: [("conv1", nn.Conv2d(1, 4, 3, padding=1)), ("relu1", nn.ReLU()), ("pool1", nn.MaxPool2d(2)),
         ("conv2", nn.Conv2d(4, 6, 3)), ("relu2", nn.ReLU()), ("flatten", nn.Flatten()), ("fc", nn.Linear(24, CLASSES))],
        lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9), "SGD",
    )
    make_case(
        "cnn_batchnorm2d_avgpool", "Conv2d(stride 2, no bias) -> BatchNorm2d -> ReLU -> Conv2d(dilation 2, pad 2) -> Tanh -> AvgPool2d(2, pad 1) -> Flatten -> Linear, Adam",
        (2, 9, 9),
        lambda: [("conv1", nn.Conv2d(2, 6, 3, stride=2, padding=1, bias=False)), ("bn1", nn.BatchNorm2d(6)), ("relu1", nn.ReLU()),
         ("conv2", nn.Conv2d(6, 4, 3, padding=2, dilation=2)), ("tanh", nn.Tanh()),
         ("pool", nn.AvgPool2d(2, padding=1)), ("flatten", nn.Flatten()), ("fc", nn.Linear(4 * 3 * 3, CLASSES))],
        lambda p: torch.optim.Adam(p, lr=0.01), "Adam",
        note="conv1 has no bias: a bias directly before BatchNorm has no effect on the output, so its gradient is rounding noise.",
    )
    make_case(
        "cnn_groups_global_pool", "grouped Conv2d -> ReLU -> Conv2d(stride 2) -> BatchNorm2d(momentum 0.2) -> ReLU -> AdaptiveAvgPool2d(1) -> Flatten -> Linear, AdamW, label smoothing",
        (3, 7, 7),
        lambda: [("conv1", nn.Conv2d(3, 6, 3, padding=1, groups=3)), ("relu1", nn.ReLU()),
         ("conv2", nn.Conv2d(6, 8, 2, stride=2, bias=False)), ("bn2", nn.BatchNorm2d(8, momentum=0.2)), ("relu2", nn.ReLU()),
         ("gap", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("fc", nn.Linear(8, CLASSES))],
        lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.05), "AdamW", label_smoothing=0.1,
    )
    make_case(
        "cnn_winograd_3x3", "Conv2d(8 -> 12, pad 1, no bias) -> BatchNorm2d -> ReLU -> Conv2d(12 -> 10, pad 1) -> ReLU -> Flatten -> Linear, Adam",
        (8, 7, 7),
        lambda: [("conv1", nn.Conv2d(8, 12, 3, padding=1, bias=False)), ("bn1", nn.BatchNorm2d(12)), ("relu1", nn.ReLU()),
         ("conv2", nn.Conv2d(12, 10, 3, padding=1)), ("relu2", nn.ReLU()), ("flatten", nn.Flatten()), ("fc", nn.Linear(10 * 7 * 7, CLASSES))],
        lambda p: torch.optim.Adam(p, lr=0.01), "Adam",
        note="Both convolutions are 3x3, stride 1, with at least 8 channels in and out on a 7x7 map: nnc computes their "
             "outputs and gradients (conv2's input gradient included) by Winograd F(4x4, 3x3), or F(2x2, 3x3) with "
             "NNC_WINOGRAD_TILE=2 (docs/performance.md).",
    )
