/**
 * Data-parallel training of a graph model through `nnc train --target pytorch --nproc 2` (torchrun,
 * DistributedDataParallel on gloo): the batch norms inside the residual blocks normalise over the global batch
 * as the stem's does, so two processes end with the weights of one process taking the same global batches.
 */
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readSafetensors } from "../../runtime/index.ts";
import { removeTempSpecs, tempSpecs } from "../cli/run.ts";
import { hasTorch, nncGroup, python } from "./python.ts";

afterAll(removeTempSpecs);

/** [2, 4, 4] inputs and three classes from a fixed formula. */
function rows(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const f = Array.from({ length: 32 }, (_, j) => Math.fround(Math.cos(0.7 * i + 1.1 * j) * (1 + (j % 4) / 4)));
    out.push([...f, (f[0] + f[17] > 0 ? 1 : 0) + (f[5] > 0.8 ? 1 : 0)].join(","));
  }
  return out.join("\n") + "\n";
}

// 200 rows in global batches of 30 (six full batches and one of 20 per epoch), reshuffled every epoch.
const spec = `block basic(c, stride = 1) {
  residual {
    conv1: conv2d(c, 3, stride = stride, padding = 1, bias = false)
    bn1: batchnorm
    relu
    conv2: conv2d(c, 3, padding = 1, bias = false)
    bn2: batchnorm
  }
  relu
}
data {
  train = csv("data.csv", label = 32, header = false)
}
model {
  input = [2, 4, 4]
  conv1: conv2d(4, 3, padding = 1, bias = false)
  bn1: batchnorm
  relu
  layer1: repeat(2, basic(6), first = basic(6, stride = 2))
  adaptive_avgpool(1)
  flatten
  fc: dense(3)
  loss = cross_entropy()
}
train {
  optimizer = sgd(lr = 0.05, momentum = 0.9)
  epochs = 3
  batch_size = 30
  seed = 7
}
`;

function weights(dir: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const [name, t] of readSafetensors(join(dir, "checkpoint.safetensors")).tensors) {
    out.set(name, t.dtype === "I64" ? Array.from(t.data as BigInt64Array, Number) : Array.from(t.data as Float32Array));
  }
  return out;
}

describe.runIf(hasTorch())("data-parallel training of a residual network with the PyTorch target", { timeout: 240_000 }, () => {
  it("two gloo processes end within 1e-5 of one process, the nested batch norms' statistics included", async () => {
    const dir = tempSpecs({ "data.csv": rows(200), "res.nn": spec });
    const run = (nproc: number, out: string) =>
      nncGroup(
        ["train", "--target", "pytorch", join(dir, "res.nn"), "--python", python, "--nproc", String(nproc), "--out", join(dir, out)],
        180_000,
      );
    const one = await run(1, "one");
    expect(one.status, one.stderr).toBe(0);
    const two = await run(2, "two");
    expect(two.status, two.stderr).toBe(0);
    expect(two.stderr).toContain("DistributedDataParallel: 2 processes (gloo)");
    const a = weights(join(dir, "one"));
    const b = weights(join(dir, "two"));
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    expect(a.has("layer1.0.downsample.1.running_var")).toBe(true);
    let worst = 0;
    let where = "";
    for (const [name, v] of a) {
      if (name.endsWith("num_batches_tracked")) continue;
      const scale = Math.max(1, ...v.map(Math.abs));
      v.forEach((x, i) => {
        const d = Math.abs(x - (b.get(name) as number[])[i]) / scale;
        if (d > worst) [worst, where] = [d, `${name}[${i}]`];
      });
    }
    expect(worst, where).toBeLessThanOrEqual(1e-5);
    expect(b.get("layer1.1.bn2.num_batches_tracked")).toEqual([21]);
  });
});
