#!/usr/bin/env python3
"""Loads an nnc checkpoint of examples/fashion-mlp.nn into a torch.nn.Module with strict
load_state_dict and measures its Fashion-MNIST test accuracy with PyTorch, using the training
set's preprocessing statistics stored in the checkpoint's metadata.

Needs `apt-get install -y python3-torch` (run with /usr/bin/python3).
Usage: /usr/bin/python3 scripts/torch-load-check.py runs/fashion-mlp/checkpoint.safetensors
"""
import gzip
import json
import struct
import sys

import numpy as np
import torch

path = sys.argv[1] if len(sys.argv) > 1 else "runs/fashion-mlp/checkpoint.safetensors"
raw = open(path, "rb").read()
n = struct.unpack("<Q", raw[:8])[0]
header = json.loads(raw[8 : 8 + n])
data = raw[8 + n :]
dtypes = {"F32": np.float32, "F64": np.float64, "I64": np.int64}
state = {}
for name, t in header.items():
    if name == "__metadata__":
        continue
    begin, end = t["data_offsets"]
    state[name] = torch.from_numpy(np.frombuffer(data[begin:end], dtype=dtypes[t["dtype"]]).reshape(t["shape"]).copy())

model = torch.nn.Sequential()
model.add_module("fc1", torch.nn.Linear(784, 512))
model.add_module("relu1", torch.nn.ReLU())
model.add_module("fc2", torch.nn.Linear(512, 256))
model.add_module("relu2", torch.nn.ReLU())
model.add_module("out", torch.nn.Linear(256, 10))
print(model.load_state_dict(state, strict=True))
model.eval()

steps = json.loads(header["__metadata__"]["preprocessing"])["steps"]
root = "/usr/share/datasets/fashion-mnist/"
x = np.frombuffer(gzip.open(root + "t10k-images-idx3-ubyte.gz").read()[16:], dtype=np.uint8).reshape(-1, 784).astype(np.float64)
y = np.frombuffer(gzip.open(root + "t10k-labels-idx1-ubyte.gz").read()[8:], dtype=np.uint8)
for s in steps:
    if s["kind"] == "scale":
        x = x * s["factor"]
    elif s["kind"] == "standardize" and s["over"] == "global":
        x = (x - s["mean"][0]) / s["std"][0]
    else:
        raise SystemExit(f"preprocessing step {s['kind']} is not handled by this script")
with torch.no_grad():
    predicted = model(torch.from_numpy(x.astype(np.float32))).argmax(1).numpy()
print(f"PyTorch test accuracy: {(predicted == y).mean():.4f}")
