/**
 * noise = [weight_noise(std), gradient_noise(eta, gamma)] in generated modules: the added noise has the
 * documented mean and variance (computed here from the formulas, not from the code), schedules scale it,
 * the run is reproducible from its seed, evaluation draws no noise, and a noisy recipe still learns.
 */
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runTraining, type CompiledModel, type FirstOrderModel } from "../../runtime/index.ts";
import { loadSpec } from "../practice/specs.ts";

const spiral = join(resolve(import.meta.dirname, "../.."), "examples/data/spiral.csv");

function spec(o: {
  input?: number;
  hidden?: number;
  optimizer?: string;
  noise: string;
  schedule?: string;
  epochs?: number;
  seed?: number;
  precision?: string;
}): string {
  return `
data {
  train = csv(${JSON.stringify(spiral)}, label = 2)
  validation = split(train, 0.2)
  preprocess = [standardize(per_feature)]
}
model {
  input = [${o.input ?? 2}]
  weight_init = he_normal()
  bias_init = zeros()
  fc1: dense(${o.hidden ?? 64})
  relu
  out: dense(3)
  loss = cross_entropy()
}
train {
  optimizer = ${o.optimizer ?? "adam(lr = 1e-2)"}
  epochs = ${o.epochs ?? 1}
  batch_size = 30
  seed = ${o.seed ?? 1}
  precision = ${o.precision ?? "f32"}
  noise = [${o.noise}]
  ${o.schedule ? `schedule { ${o.schedule} }` : ""}
}
`;
}

/** Mean and (population) variance. */
function moments(xs: ArrayLike<number>): { mean: number; variance: number } {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  const mean = s / xs.length;
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += (xs[i] - mean) ** 2;
  return { mean, variance: v / xs.length };
}

/** The sample's mean is within 5 standard errors of 0 and its variance within 3% of `variance` (n ≈ 10⁵: the variance's relative standard error is √(2/n) ≈ 0.45%). */
function expectNoise(xs: ArrayLike<number>, variance: number): void {
  const m = moments(xs);
  expect(Math.abs(m.mean)).toBeLessThan(5 * Math.sqrt(variance / xs.length));
  expect(m.variance / variance).toBeGreaterThan(0.97);
  expect(m.variance / variance).toBeLessThan(1.03);
}

// A wide first layer so one draw gives ~10⁵ noise samples: fc1.weight is 1000 × 100, fc1.bias 1000, out.weight 3 × 1000.
const wide = { input: 100, hidden: 1000, precision: "f64" };

describe("gradient_noise", () => {
  it("adds noise of variance η/(1 + k)^γ at step k (Neelakantan et al.: γ = 0.55; η = 0.3 by default)", async () => {
    // Plain SGD with lr = 1 on zero gradients: each update moves every parameter by exactly −(the noise).
    const m = (await loadSpec(spec({ ...wide, optimizer: "sgd(lr = 1)", noise: "gradient_noise()" }))).createModel() as FirstOrderModel;
    for (let k = 0; k < 30; k++) {
      const before = Float64Array.from(m.params);
      m.zeroGradients();
      m.update();
      if (k === 0 || k === 9 || k === 29)
        expectNoise(
          before.map((p, i) => p - m.params[i]),
          0.3 / (1 + k) ** 0.55,
        );
    }
  });

  it("takes η and γ from the spec, and a schedule scales η", async () => {
    const text = spec({
      ...wide,
      optimizer: "sgd(lr = 1)",
      noise: "gradient_noise(eta = 1.0, gamma = 0.3)",
      schedule: "gradient_noise = linear(1, 0.5, 10 steps)",
    });
    const m = (await loadSpec(text)).createModel() as FirstOrderModel;
    for (let k = 0; k < 15; k++) {
      const before = Float64Array.from(m.params);
      m.zeroGradients();
      m.update();
      // LinearLR's factor from 1 to 0.5 over 10 steps, then 0.5.
      const factor = 1 + (0.5 - 1) * (Math.min(k, 10) / 10);
      if (k === 0 || k === 5 || k === 14)
        expectNoise(
          before.map((p, i) => p - m.params[i]),
          (1.0 * factor) / (1 + k) ** 0.3,
        );
    }
  });
});

describe("weight_noise", () => {
  it("perturbs the weights by N(0, std²) for a step and restores them exactly, leaving biases alone (on = weights)", async () => {
    const module = await loadSpec(spec({ ...wide, noise: "weight_noise(0.05)" }));
    const m = module.createModel() as CompiledModel;
    const weightRows = module.DEFINITION.tensors.filter((t) => t.name.endsWith(".weight"));
    const biasRows = module.DEFINITION.tensors.filter((t) => t.name.endsWith(".bias"));
    const before = Float64Array.from(m.params);
    m.perturbWeights!();
    const delta = weightRows.flatMap((t) => Array.from({ length: t.size }, (_, i) => m.params[t.offset + i] - before[t.offset + i]));
    expectNoise(delta, 0.05 ** 2);
    for (const t of biasRows)
      expect(Array.from(m.params.subarray(t.offset, t.offset + t.size))).toEqual(Array.from(before.subarray(t.offset, t.offset + t.size)));
    m.restoreWeights!();
    expect(Array.from(m.params)).toEqual(Array.from(before));
  });

  it("on = all perturbs biases too, and a schedule scales std", async () => {
    const module = await loadSpec(
      spec({ ...wide, noise: "weight_noise(0.1, on = all)", schedule: "weight_noise = linear(1, 0.2, 10 steps)" }),
    );
    const m = module.createModel() as CompiledModel;
    m.step = 5;
    const bias = module.DEFINITION.tensors.find((t) => t.name === "fc1.bias")!;
    const before = Float64Array.from(m.params);
    m.perturbWeights!();
    const std = 0.1 * (1 + (0.2 - 1) * (5 / 10));
    expectNoise(
      before.map((p, i) => m.params[i] - p),
      std ** 2,
    );
    expect(m.params[bias.offset]).not.toBe(before[bias.offset]);
  });
});

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("noise in training", () => {
  const noisy = spec({ noise: "weight_noise(0.02), gradient_noise(eta = 0.01)", epochs: 3 });

  async function trained(text: string, seed?: number): Promise<{ m: CompiledModel; module: Awaited<ReturnType<typeof loadSpec>> }> {
    const module = await loadSpec(text);
    const data = await module.loadData();
    const m = module.createModel(seed) as CompiledModel;
    runTraining(m, data, { data, seed, threads: 1 });
    return { m, module };
  }

  it("is reproducible from the seed: the same seed gives identical weights, another seed different ones", async () => {
    const a = (await trained(noisy, 1)).m.params;
    const b = (await trained(noisy, 1)).m.params;
    const c = (await trained(noisy, 2)).m.params;
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });

  it("does not keep the weight noise: with a negligible learning rate the weights end where they started", async () => {
    const text = spec({ optimizer: "sgd(lr = 1e-12)", noise: "weight_noise(0.1)", epochs: 2 });
    const start = Float64Array.from((await loadSpec(text)).createModel(1).params);
    const end = (await trained(text, 1)).m.params;
    // 16 steps of kept N(0, 0.01) noise would move a weight by ~0.4; restored noise leaves only lr-sized updates.
    expect(Math.max(...Array.from(end, (p, i) => Math.abs(p - start[i])))).toBeLessThan(1e-6);
  });

  it("changes the run (the noise is applied while training)", async () => {
    const quiet = (await trained(spec({ noise: "", epochs: 3 }), 1)).m.params;
    const a = (await trained(noisy, 1)).m.params;
    expect(Array.from(a)).not.toEqual(Array.from(quiet));
  });

  it("evaluates without noise: evaluation draws nothing from the generator and changes no weight", async () => {
    const { m, module } = await trained(noisy, 1);
    const data = await module.loadData();
    const rng = m.rng.getState();
    const params = Float64Array.from(m.params);
    const first = module.evaluate(m, data.validation!);
    const second = module.evaluate(m, data.validation!);
    expect(second).toEqual(first);
    expect(m.rng.getState()).toEqual(rng);
    expect(Array.from(m.params)).toEqual(Array.from(params));
  });

  it("resumes exactly: the noise stream continues from the checkpointed generator", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnc-noise-"));
    dirs.push(dir);
    const module = await loadSpec(noisy);
    const data = await module.loadData();
    const whole = module.createModel(1) as CompiledModel;
    runTraining(whole, data, { data, epochs: 4, threads: 1 });
    runTraining(module.createModel(1) as CompiledModel, data, { data, epochs: 2, outDir: dir, threads: 1 });
    const resumed = module.createModel(1) as CompiledModel;
    runTraining(resumed, data, { data, epochs: 4, resumeFrom: dir, outDir: dir, threads: 1 });
    expect(resumed.step).toBe(whole.step);
    expect(Array.from(resumed.params)).toEqual(Array.from(whole.params));
  });

  it("still learns the spiral with weight and gradient noise", async () => {
    const module = await loadSpec(spec({ noise: "weight_noise(0.02), gradient_noise(eta = 0.01)", epochs: 60 }));
    const result = await module.train({ threads: 1 });
    const first = result.epochs[0];
    const last = result.epochs[result.epochs.length - 1];
    expect(last.train_loss).toBeLessThan((first.train_loss ?? 0) / 2);
    expect(last.val_accuracy).toBeGreaterThan(0.85);
  });
});
