"""The PyTorch peer of `npm run bench` (bench/pytorch.ts runs it): the same B1 recipe and the same CNN model
as nnc's rows, timed the same way, printed as one JSON object on stdout.

  b1:  an epoch of bench/b1-mlp.nn (784-256-128-10, ReLU, He normal, Adam 1e-3, batch 64, shuffled, float32,
       pixels / 255 then standardized with the training set's global mean and std), best of --repeats epochs.
       Data loading is not timed; batching, forward, backward and the optimizer step are.
  cnn: --steps training steps of examples/fashion-cnn.nn's model (five 3x3 convs with batch norm, max pools,
       dropout, dense 256; AdamW 2e-3 / 5e-4, label smoothing 0.05, horizontal flips, EMA 0.999 of the
       weights), batch 128, after --warmup steps; best of --repeats slices, as images per second.
  resnet: the same for examples/fashion-resnet.nn's ResNet-20 (torchvision's BasicBlock with zero-initialised last
       batch norm, projection shortcuts; SGD Nesterov 0.1 with weight decay 5e-4, label smoothing 0.1; flips,
       random crops of 2 pixels and cutout 8 with p = 0.5, written batched as a PyTorch user would write them).
  resnet-kinds: --steps ResNet-20 steps timed plainly (best of --repeats), then the least loaded of --repeats
       slices of --steps under torch.profiler, each operator's own (self) CPU time per step grouped by kind
       (convolution by shape and pass, batch norm, residual add and ReLU, the rest), for bench/resnet-kinds.ts to
       set beside nnc's `--profile` of the same steps.
  conv-layers: single convolutions (nn.Conv2d, no bias, padding k // 2) of the shapes in --shapes, a JSON list of
       [C, H, O, k, stride, input gradient 0/1] (bench/conv-layers.ts passes ResNet-20's), batch 128: forward and
       backward times in ms, each the best of --repeats after --warmup passes.

Threads: torch.set_num_threads(--threads) intra-op threads (2 on the 2-core machine, as nnc uses); which BLAS
runs is up to the caller's LD_LIBRARY_PATH (bench/pytorch.ts puts Debian's OpenBLAS first for one row).
"""
import argparse
import gzip
import json
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DATA = "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load_train():
    x = read_idx(f"{DATA}/train-images-idx3-ubyte.gz").astype(np.float32) / 255.0
    y = read_idx(f"{DATA}/train-labels-idx1-ubyte.gz").astype(np.int64)
    x = (x - x.mean()) / x.std()
    return torch.from_numpy(x.copy()), torch.from_numpy(y.copy())


def mlp():
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    for m in model:
        if isinstance(m, nn.Linear):
            nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
            nn.init.zeros_(m.bias)
    return model


def cnn():
    def block(cin, cout):
        return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]

    layers = block(1, 32) + [nn.MaxPool2d(2)] + block(32, 48) + block(48, 48) + [nn.MaxPool2d(2)]
    layers += block(48, 96) + block(96, 96) + [nn.MaxPool2d(2), nn.Flatten(), nn.Dropout(0.25)]
    layers += [nn.Linear(96 * 3 * 3, 256), nn.ReLU(), nn.Dropout(0.25), nn.Linear(256, 10)]
    model = nn.Sequential(*layers)
    for m in model:
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
    return model


class BasicBlock(nn.Module):
    def __init__(self, in_channels, c, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, c, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(c)
        self.conv2 = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(c)
        nn.init.zeros_(self.bn2.weight)
        self.downsample = None
        if stride != 1 or in_channels != c:
            self.downsample = nn.Sequential(nn.Conv2d(in_channels, c, 1, stride=stride, bias=False), nn.BatchNorm2d(c))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + identity)


class ResNet20(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        self.layer1 = nn.Sequential(*[BasicBlock(16, 16, 1) for _ in range(3)])
        self.layer2 = nn.Sequential(BasicBlock(16, 32, 2), BasicBlock(32, 32, 1), BasicBlock(32, 32, 1))
        self.layer3 = nn.Sequential(BasicBlock(32, 64, 2), BasicBlock(64, 64, 1), BasicBlock(64, 64, 1))
        self.fc = nn.Linear(64, 10)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, nonlinearity="relu")

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def augment_resnet(batch, generator):
    """Flips, random crops of ±2 pixels (zero padding) and cutout 8 (p = 0.5), for the whole batch at once."""
    n, _, h, w = batch.shape
    flip = torch.rand(n, generator=generator) < 0.5
    batch = torch.where(flip[:, None, None, None], batch.flip(3), batch)
    padded = F.pad(batch, (2, 2, 2, 2))
    dy = torch.randint(0, 5, (n,), generator=generator)
    dx = torch.randint(0, 5, (n,), generator=generator)
    rows = (dy[:, None] + torch.arange(h))[:, :, None]
    cols = (dx[:, None] + torch.arange(w))[:, None, :]
    batch = padded[torch.arange(n)[:, None, None], 0, rows, cols].unsqueeze(1)
    cy = torch.randint(0, h, (n,), generator=generator)
    cx = torch.randint(0, w, (n,), generator=generator)
    apply = torch.rand(n, generator=generator) < 0.5
    ys, xs = torch.arange(h), torch.arange(w)
    inside_y = (ys[None, :] >= cy[:, None] - 4) & (ys[None, :] < cy[:, None] + 4)
    inside_x = (xs[None, :] >= cx[:, None] - 4) & (xs[None, :] < cx[:, None] + 4)
    box = inside_y[:, :, None] & inside_x[:, None, :] & apply[:, None, None]
    return batch.masked_fill(box[:, None], 0.0)


def resnet_steps(model, optimizer, x, y, generator, steps):
    t0 = time.perf_counter()
    for _ in range(steps):
        idx = torch.randint(0, x.shape[0], (128,), generator=generator)
        loss = F.cross_entropy(model(augment_resnet(x[idx], generator)), y[idx], label_smoothing=0.1)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
    return time.perf_counter() - t0


def operator_kind(name, shapes):
    """The kind of a profiled operator: a convolution (by pass, channels, kernel and input size), batch norm, the
    residual adds and ReLUs, or anything else (pooling, the head, loss, augmentation, the optimizer, autograd)."""
    if "conv" in name:
        backward = "backward" in name
        # convolution_backward's inputs are (grad_output, input, weight, ...); the forward ops' (input, weight, ...).
        x_and_w = shapes[1:3] if backward else shapes[0:2]
        if len(x_and_w) == 2 and all(len(shape) == 4 for shape in x_and_w):
            x, w = x_and_w
            return {"kind": "conv", "pass": "backward" if backward else "forward",
                    "C": x[1], "O": w[0], "k": w[2], "H": x[2]}
    elif "batch_norm" in name:
        return {"kind": "batchnorm"}
    elif name in ("aten::add", "aten::relu", "aten::relu_", "aten::clamp_min", "aten::threshold_backward"):
        if shapes and len(shapes[0]) == 4:
            return {"kind": "add-relu"}
    return {"kind": "other"}


def resnet_kinds(model, optimizer, x, y, generator, steps, repeats):
    """Where PyTorch's ResNet-20 step goes: operators' self CPU time per step, summed by operator_kind, from the
    least loaded of `repeats` profiled slices (the host's load comes and goes)."""
    from torch.profiler import ProfilerActivity, profile

    plain = min(resnet_steps(model, optimizer, x, y, generator, steps) for _ in range(repeats))
    best = None
    for _ in range(repeats):
        with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
            seconds = resnet_steps(model, optimizer, x, y, generator, steps)
        if best is None or seconds < best[0]:
            best = (seconds, prof)
    kinds = {}
    for event in best[1].key_averages(group_by_input_shape=True):
        kind = operator_kind(event.key, event.input_shapes)
        key = json.dumps(kind, sort_keys=True)
        kinds[key] = kinds.get(key, 0.0) + event.self_cpu_time_total / 1000 / steps
    return {
        "stepMs": 1000 * plain / steps,
        "profiledStepMs": 1000 * best[0] / steps,
        "kinds": [dict(json.loads(key), ms=ms) for key, ms in sorted(kinds.items())],
    }


def b1_epoch(model, optimizer, x, y, generator):
    order = torch.randperm(x.shape[0], generator=generator)
    t0 = time.perf_counter()
    for start in range(0, x.shape[0], 64):
        idx = order[start : start + 64]
        loss = F.cross_entropy(model(x[idx]), y[idx])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
    return time.perf_counter() - t0


def cnn_steps(model, ema, optimizer, x, y, generator, steps, first):
    t0 = time.perf_counter()
    for s in range(first, first + steps):
        idx = torch.randint(0, x.shape[0], (128,), generator=generator)
        batch = x[idx]
        flip = torch.rand(128, generator=generator) < 0.5
        batch = torch.where(flip[:, None, None, None], batch.flip(3), batch)
        loss = F.cross_entropy(model(batch), y[idx], label_smoothing=0.05)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            for e, p in zip(ema, model.parameters()):
                e.mul_(0.999).add_(p, alpha=0.001)
    return time.perf_counter() - t0


def conv_layer_ms(C, H, O, k, stride, input_gradient, warmup, repeats):
    conv = nn.Conv2d(C, O, k, stride=stride, padding=k // 2, bias=False)
    x = torch.randn(128, C, H, H, requires_grad=bool(input_gradient))
    forward, backward = [], []
    for _ in range(warmup + repeats):
        t0 = time.perf_counter()
        out = conv(x)
        t1 = time.perf_counter()
        out.backward(torch.ones_like(out))
        t2 = time.perf_counter()
        forward.append(t1 - t0)
        backward.append(t2 - t1)
    return {"forwardMs": 1000 * min(forward[warmup:]), "backwardMs": 1000 * min(backward[warmup:])}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("work", choices=["b1", "cnn", "resnet", "resnet-kinds", "conv-layers"])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--steps", type=int, default=16)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--shapes", default="[]")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    generator = torch.Generator().manual_seed(1)
    result = {"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas_name()}
    if args.work == "conv-layers":
        result["layers"] = [conv_layer_ms(*shape, args.warmup, args.repeats) for shape in json.loads(args.shapes)]
        result["peakRssMiB"] = peak_rss_kib() / 1024
        print(json.dumps(result))
        return
    x, y = load_train()
    if args.work == "b1":
        x = x.reshape(-1, 784)
        model = mlp()
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        result["epochSeconds"] = [b1_epoch(model, optimizer, x, y, generator) for _ in range(args.repeats)]
        result["rows"] = int(x.shape[0])
    elif args.work in ("resnet", "resnet-kinds"):
        x = x.reshape(-1, 1, 28, 28)
        model = ResNet20().train()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=5e-4)
        resnet_steps(model, optimizer, x, y, generator, args.warmup)
        if args.work == "resnet-kinds":
            result.update(resnet_kinds(model, optimizer, x, y, generator, args.steps, args.repeats))
        else:
            result["sliceSeconds"] = [resnet_steps(model, optimizer, x, y, generator, args.steps) for _ in range(args.repeats)]
            result["imagesPerSlice"] = 128 * args.steps
            result["epochImages"] = int(x.shape[0])
    else:
        x = x.reshape(-1, 1, 28, 28)
        model = cnn().train()
        optimizer = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=5e-4)
        ema = [p.detach().clone() for p in model.parameters()]
        cnn_steps(model, ema, optimizer, x, y, generator, args.warmup, 0)
        slices = [cnn_steps(model, ema, optimizer, x, y, generator, args.steps, args.warmup + r * args.steps) for r in range(args.repeats)]
        result["sliceSeconds"] = slices
        result["imagesPerSlice"] = 128 * args.steps
        result["epochImages"] = int(x.shape[0])
    result["peakRssMiB"] = peak_rss_kib() / 1024
    print(json.dumps(result))


def peak_rss_kib():
    """This process's peak resident set (VmHWM): ru_maxrss would include the peak of the parent it was forked from."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def blas_name():
    """The BLAS library this process actually loaded (torch's build config only says "generic")."""
    with open("/proc/self/maps") as maps:
        names = {line.split()[-1] for line in maps if "/libblas" in line.split()[-1]}
    return ", ".join(sorted(names)) or "none loaded"


if __name__ == "__main__":
    main()
