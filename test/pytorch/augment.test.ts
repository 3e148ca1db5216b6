/**
 * The script's per-image augmentations (hflip, vflip, random_crop, translate, cutout, gaussian_noise) do what
 * nnc's do (runtime/data/augment.ts) where their outcome is certain, and a spec using all of them trains.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nnc, removeTempSpecs, tempSpecs } from "../cli/run.ts";
import { hasTorch, python, runPython } from "./python.ts";

afterAll(removeTempSpecs);

const spec = `data {
  train = csv("train.csv", label = 16)
  augment = [hflip(), vflip(0.5), random_crop(1), translate(0.25), cutout(2), gaussian_noise(0.05), mixup(0.4), cutmix(1.0)]
}
model {
  input = [1, 4, 4]
  conv1: conv2d(2, 3, padding = 1)
  relu
  flatten
  out: dense(2)
  loss = cross_entropy()
}
train {
  optimizer = adam(lr = 0.01)
  epochs = 2
  batch_size = 4
}
`;

const rows =
  Array.from({ length: 8 }, (_, i) => [...Array.from({ length: 16 }, (_, j) => ((i * 7 + j * 3) % 11) / 10), i % 2].join(",")).join("\n") +
  "\n";

/** Checks run inside Python against the generated script's own functions. */
const CHECKS = `
import importlib.util, math, sys, torch
spec = importlib.util.spec_from_file_location("train", sys.argv[1]); t = importlib.util.module_from_spec(spec); spec.loader.exec_module(t)
x = torch.arange(2 * 1 * 3 * 4, dtype=torch.float32).view(2, 1, 3, 4)
assert torch.equal(t.random_flip(x, 1.0, vertical=False), x.flip(3)), "hflip p=1 mirrors left-right"
assert torch.equal(t.random_flip(x, 1.0, vertical=True), x.flip(2)), "vflip p=1 mirrors top-bottom"
assert torch.equal(t.random_flip(x, 0.0, vertical=False), x), "p=0 leaves the batch"
assert torch.equal(t.random_shift(x, 0, 0), x), "a shift of at most 0 is the identity"
shifted = t.random_shift(x, 1, 1)
for b in range(2):
    ok = False
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            want = torch.zeros(3, 4)
            for i in range(3):
                for j in range(4):
                    if 0 <= i - dy < 3 and 0 <= j - dx < 4:
                        want[i, j] = x[b, 0, i - dy, j - dx]
            ok = ok or torch.equal(shifted[b, 0], want)
    assert ok, "each image moves by (dy, dx) in [-1, 1] with zeros shifted in"
assert torch.equal(t.cutout(x, 8, 1.0), torch.zeros_like(x)), "a box larger than twice the image covers it"
assert torch.equal(t.cutout(x, 2, 0.0), x), "cutout p=0 leaves the batch"
flat = torch.arange(6, dtype=torch.float32).view(1, 6)
assert torch.equal(t.random_flip(flat, 1.0, vertical=False), flat.flip(1)), "a flat row is one image row"
torch.manual_seed(0)
noisy = t.gaussian_noise(torch.zeros(20000), 0.5)
assert abs(float(noisy.std()) - 0.5) < 0.02 and abs(float(noisy.mean())) < 0.02, "noise has the spec's std"
t.MIXES = [("mixup", 1.0, 1.0)]
mixed, lam, perm = t.mix(x)
assert torch.allclose(mixed, lam * x + (1 - lam) * x[perm]), "mixup blends each row with its partner by λ"
t.MIXES = [("cutmix", 1.0, 1.0)]
for _ in range(20):
    mixed, lam, perm = t.mix(x)
    if int(perm[0]) != 0:  # every value of x is distinct, so the pasted pixels are exactly those that changed
        pasted = int((mixed[0] != x[0]).sum())
        assert abs((1 - lam) * 12 - pasted) < 1e-9, "λ is the share of the image not pasted over"
loss = t.mixed_loss_sum(torch.zeros(2, 3), torch.tensor([0, 1]), 0.25, torch.tensor([1, 0]))
assert abs(float(loss) - 2 * math.log(3)) < 1e-6, "uniform scores cost log K per row, however the labels mix"
t.MIXES = [("mixup", 1.0, 0.0)]
assert t.mix(x)[1] == 1.0, "p = 0: no mix, λ = 1"
print("ok")
`;

describe.runIf(hasTorch())("augmentation in the PyTorch target", { timeout: 180_000 }, () => {
  it("matches nnc's semantics where the outcome is certain, and trains with every per-image kind", () => {
    const dir = tempSpecs({ "aug.nn": spec, "train.csv": rows });
    const out = join(dir, "run");
    const r = nnc(["train", "--target", "pytorch", join(dir, "aug.nn"), "--python", python, "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    writeFileSync(join(dir, "checks.py"), CHECKS);
    expect(runPython([join(dir, "checks.py"), join(out, "train.py")]).stdout.trim()).toBe("ok");
  });
});
