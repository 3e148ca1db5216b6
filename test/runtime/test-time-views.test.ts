/**
 * Test-time views (`tta` in the data block): evaluation and prediction average the network's outputs over
 * the images as given and each view. The oracle mirrors the images itself and averages the model's own
 * outputs for both, so a view applied to the wrong axis, a missing average or a batch altered in place fails.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadSpecModule } from "../../cli/spec-module.ts";
import { datasetFromArrays } from "../../runtime/data/from-arrays.ts";
import { evaluateModel, predictAll } from "../../runtime/train/evaluate.ts";
import { Rng } from "../../runtime/rng.ts";

const root = resolve(import.meta.dirname, "../..");
const work = join(root, "tmp", "views", `${process.pid}`);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const C = 2,
  H = 3,
  W = 5,
  N = 37,
  SIZE = C * H * W;

function spec(tta: string): string {
  mkdirSync(work, { recursive: true });
  const csv = join(work, "images.csv");
  writeFileSync(
    csv,
    Array.from({ length: 8 }, (_, r) => [...Array.from({ length: SIZE }, (_, i) => ((r * 7 + i) % 5) - 2), r % 3].join(",")).join("\n") +
      "\n",
  );
  return `data {
  train = csv(${JSON.stringify(csv)}, label = ${SIZE})
  ${tta}
}
model {
  input = [${C}, ${H}, ${W}]
  conv2d(4, 3, padding = 1)
  relu
  flatten
  dense(3)
  loss = cross_entropy()
}
train {
  optimizer = sgd(lr = 0.1)
  epochs = 1
  batch_size = 16
}
`;
}

async function model(tta: string, name: string) {
  const file = join(work, `${name}.nn`);
  writeFileSync(file, spec(tta));
  const { module } = await loadSpecModule(file, join(work, name));
  return { module, model: module.createModel(7) };
}

/** The image mirrored along one axis, written here independently of runtime/data/views.ts. */
function mirrored(x: Float32Array, row: number, axis: "h" | "v"): Float32Array {
  const out = new Float32Array(SIZE);
  for (let c = 0; c < C; c++)
    for (let i = 0; i < H; i++)
      for (let j = 0; j < W; j++) {
        const [si, sj] = axis === "h" ? [i, W - 1 - j] : [H - 1 - i, j];
        out[(c * H + i) * W + j] = x[row * SIZE + (c * H + si) * W + sj];
      }
  return out;
}

const rng = new Rng(3);
const x = Float32Array.from({ length: N * SIZE }, () => rng.normal());
const labels = Int32Array.from({ length: N }, (_, r) => r % 3);
const data = datasetFromArrays({ x, shape: [C, H, W], labels });

describe("test-time views", () => {
  it("averages the outputs over the images and their mirrors, in evaluation and in prediction", async () => {
    const { module, model: m } = await model("tta = [hflip(), vflip()]", "both");
    expect(module.DEFINITION.views).toEqual([{ kind: "hflip" }, { kind: "vflip" }]);
    const before = Float32Array.from(data.x);
    const scores = predictAll(m, data);
    const result = evaluateModel(m, data);
    expect(Array.from(data.x)).toEqual(Array.from(before));

    let lossSum = 0,
      correct = 0;
    for (let r = 0; r < N; r++) {
      // forward returns the whole output buffer (MAX_BATCH rows); row 0 is this image's.
      const own = Array.from(m.forward(x.subarray(r * SIZE, (r + 1) * SIZE), 1, false).subarray(0, 3));
      const h = Array.from(m.forward(mirrored(x, r, "h"), 1, false).subarray(0, 3));
      const v = Array.from(m.forward(mirrored(x, r, "v"), 1, false).subarray(0, 3));
      const mean = own.map((o, k) => (o + h[k] + v[k]) / 3);
      for (let k = 0; k < 3; k++) expect(scores[r * 3 + k]).toBeCloseTo(mean[k], 5);
      const top = Math.max(...mean);
      lossSum += Math.log(mean.reduce((s, z) => s + Math.exp(z - top), 0)) + top - mean[labels[r]];
      if (mean.indexOf(top) === labels[r]) correct++;
    }
    expect(result.loss).toBeCloseTo(lossSum / N, 5);
    expect(result.accuracy).toBe(correct / N);
  });

  it("leaves a model without views to its own outputs, which differ from the averaged ones", async () => {
    const plain = (await model("", "plain")).model;
    const flipped = (await model("tta = [hflip()]", "flipped")).model;
    const own = predictAll(plain, data);
    for (let r = 0; r < N; r++) {
      const out = plain.forward(x.subarray(r * SIZE, (r + 1) * SIZE), 1, false);
      for (let k = 0; k < 3; k++) expect(own[r * 3 + k]).toBeCloseTo(out[k], 5);
    }
    // Same seed, same weights: only the views differ.
    const averaged = predictAll(flipped, data);
    expect(Array.from(averaged)).not.toEqual(Array.from(own));
  });
});
