/**
 * Batch norm folded into the convolution before it in evaluation (compiler/codegen/fold-batchnorm.ts,
 * runtime/layers/conv-batch-norm.ts): the folded evaluation equals conv → batchnorm → relu run as separate
 * steps (NNC_FOLD_BN=0, the user's switch) on a fashion-cnn-like and a ResNet-like model in float32, stays
 * equal after training steps and direct writes to the parameters and statistics (no stale fold), and leaves
 * checkpoints untouched.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ConvBatchNorm, Rng, safetensorsBytes, stateDict, type CompiledModel, type FloatArray } from "../../runtime/index.ts";
import { lowerStages } from "../../compiler/passes/index.ts";
import { dumpIr } from "../../compiler/passes/dump.ts";
import { loadModel, specWithLayers } from "./compiled-model.ts";

const cnn = specWithLayers(
  `conv1: conv2d(6, 3, padding = 1)
   bn1: batchnorm
   relu
   maxpool(2)
   conv2: conv2d(8, 3, padding = 1, bias = false)
   bn2: batchnorm(affine = false)
   conv3: conv2d(8, 1)
   bn3: batchnorm(eps = 0.001)
   relu
   flatten
   fc: dense(3)`,
  "[1, 8, 8]",
);

const resnet = `data {
  train = csv("data.csv", label = 0)
}
block basic(c, stride = 1) {
  residual {
    conv1: conv2d(c, 3, stride = stride, padding = 1, bias = false)
    bn1: batchnorm
    relu
    conv2: conv2d(c, 3, padding = 1, bias = false)
    bn2: batchnorm
  }
  relu
}
model {
  input = [2, 8, 8]
  conv1: conv2d(4, 3, padding = 1, bias = false)
  bn1: batchnorm
  relu
  layer1: basic(4)
  layer2: basic(8, stride = 2)
  adaptive_avgpool(1)
  flatten
  fc: dense(3)
  loss = cross_entropy()
}
train {
  optimizer = sgd(lr = 0.1, momentum = 0.9)
  steps = 1
  batch_size = 32
}
`;

const saved = process.env.NNC_FOLD_BN;
afterEach(() => {
  if (saved === undefined) delete process.env.NNC_FOLD_BN;
  else process.env.NNC_FOLD_BN = saved;
});

/** Rows per evaluation: enough that every convolution of both models folds (ConvBatchNorm.folds). */
const ROWS = 32;

/** The model's ConvBatchNorm objects: one per folded pair. */
function foldMembers(model: CompiledModel): ConvBatchNorm[] {
  return Object.values(model).filter((v): v is ConvBatchNorm => v instanceof ConvBatchNorm);
}

/** Evaluation outputs of `x`, folded (the default) and unfolded (NNC_FOLD_BN=0). */
function evaluateBothWays(model: CompiledModel, x: FloatArray, n: number): { folded: number[]; unfolded: number[] } {
  delete process.env.NNC_FOLD_BN;
  const folded = Array.from(model.forward(x, n, false).subarray(0, n * model.definition.outputSize));
  process.env.NNC_FOLD_BN = "0";
  const unfolded = Array.from(model.forward(x, n, false).subarray(0, n * model.definition.outputSize));
  delete process.env.NNC_FOLD_BN;
  return { folded, unfolded };
}

/** Float32 tolerance: the fold rounds W·s once instead of rounding conv(x, W) and then scaling it. */
function expectClose(folded: number[], unfolded: number[], tolerance = 2e-5): void {
  const scale = Math.max(1, ...unfolded.map(Math.abs));
  const worst = Math.max(...folded.map((v, i) => Math.abs(v - unfolded[i])));
  expect(worst, `largest difference ${worst} at output scale ${scale}`).toBeLessThanOrEqual(tolerance * scale);
}

/** Moves every parameter and running statistic off its start so each fold term matters (var stays positive). */
function perturb(model: CompiledModel, rng: Rng): void {
  for (let i = 0; i < model.params.length; i++) model.params[i] += 0.2 * rng.normal();
  for (const t of model.definition.tensors) {
    if (t.buffer !== "stats") continue;
    const variance = t.name.endsWith("running_var");
    for (let i = t.offset; i < t.offset + t.size; i++) model.stats[i] = variance ? 0.2 + rng.next() * 2 : rng.normal();
  }
}

/** One optimizer step on the batch, as the training loop takes it. */
function trainStep(model: CompiledModel, x: Float32Array, labels: Int32Array, targets: Float32Array): void {
  model.zeroGradients();
  model.lossAndGradient(x, labels, targets, labels.length);
  model.update!();
}

function batch(model: CompiledModel, n: number, rng: Rng): { x: Float32Array; labels: Int32Array; targets: Float32Array } {
  const x = new Float32Array(n * model.definition.inputSize).map(() => rng.normal());
  return { x, labels: new Int32Array(n).map((_, i) => i % 3), targets: new Float32Array(n * 3) };
}

describe.each([
  ["fashion-cnn-like", cnn, 3],
  ["ResNet-like", resnet, 6],
])("batch norm folded into its convolution in evaluation (%s)", (name, spec, folds) => {
  it("folds every conv → batchnorm pair whose batch norm is the conv's only reader, as --dump-ir shows", async () => {
    const { plan, code } = await loadModel(spec, `fold-bn-plan-${name}`, "f32");
    const dump = dumpIr(lowerStages(plan), "kernel-steps");
    expect(dump.match(/evaluation: \S+ folded in/g)).toHaveLength(folds);
    expect(code.match(/\.folds\(n\)\) this\.convBatchNorm\d+\.forward/g)).toHaveLength(folds);
  });

  it("gives the unfolded evaluation's outputs (float32, within 2e-5 of the output scale)", async () => {
    const { model } = await loadModel(spec, `fold-bn-equal-${name}`, "f32");
    const rng = new Rng(5);
    perturb(model, rng);
    const { x } = batch(model, ROWS, rng);
    expect(foldMembers(model).map((f) => f.folds(ROWS))).toEqual(foldMembers(model).map(() => true));
    const { folded, unfolded } = evaluateBothWays(model, x, ROWS);
    expectClose(folded, unfolded);
    expect(folded.some((v) => v !== 0)).toBe(true);
    // One row: only the convolutions on large maps with few weights fold (ConvBatchNorm.folds); the rest run as two steps.
    expect(foldMembers(model).some((f) => !f.folds(1))).toBe(true);
    const one = evaluateBothWays(model, x, 1);
    expectClose(one.folded, one.unfolded);
  });

  it("gives them in float64 too (the reference kernels), within 1e-12 of the output scale", async () => {
    const { model } = await loadModel(spec, `fold-bn-f64-${name}`, "f64");
    const rng = new Rng(6);
    perturb(model, rng);
    const x = new Float64Array(ROWS * model.definition.inputSize).map(() => rng.normal());
    const { folded, unfolded } = evaluateBothWays(model, x, ROWS);
    expectClose(folded, unfolded, 1e-12);
    expect(folded).not.toEqual(unfolded.map(() => 0));
  });

  it("refolds after a training step and after direct writes to the parameters or statistics: never stale", async () => {
    const { model } = await loadModel(spec, `fold-bn-stale-${name}`, "f32");
    const rng = new Rng(9);
    perturb(model, rng);
    const { x, labels, targets } = batch(model, ROWS, rng);
    const before = evaluateBothWays(model, x, ROWS).folded;
    // A training step: SGD moves the weights, the batch-norm training pass moves the running statistics.
    trainStep(model, x, labels, targets);
    const afterStep = evaluateBothWays(model, x, ROWS);
    expect(afterStep.folded).not.toEqual(before);
    expectClose(afterStep.folded, afterStep.unfolded);
    // The runtime writes params and stats directly when it loads a checkpoint or restores a snapshot.
    for (const t of model.definition.tensors)
      if (t.buffer === "stats") for (let i = t.offset; i < t.offset + t.size; i++) model.stats[i] *= 1.5;
    const afterLoad = evaluateBothWays(model, x, ROWS);
    expect(afterLoad.folded).not.toEqual(afterStep.folded);
    expectClose(afterLoad.folded, afterLoad.unfolded);
  });

  it("activations() (nnc doctor, the playground) lists a folded convolution only after a training pass, which wrote its output", async () => {
    const { model } = await loadModel(spec, `fold-bn-activations-${name}`, "f32");
    const rng = new Rng(11);
    const { x, labels, targets } = batch(model, ROWS, rng);
    const convolutions = (units: { label: string }[]) => units.filter((u) => /: conv2d /.test(u.label)).length;
    trainStep(model, x, labels, targets);
    const all = model.activations!();
    model.forward(x, ROWS, false);
    const evaluated = model.activations!();
    expect(all.length - evaluated.length).toBe(folds);
    expect(convolutions(all) - convolutions(evaluated)).toBe(folds);
    // Every unit still listed holds this evaluation pass's values: the same as with the fold turned off.
    const copies = evaluated.map((u) => Array.from(u.data.subarray(0, ROWS * u.width)));
    process.env.NNC_FOLD_BN = "0";
    model.forward(x, ROWS, false);
    evaluated.forEach((u, i) => expectClose(copies[i], Array.from(u.data.subarray(0, ROWS * u.width))));
  });

  it("leaves checkpoints as they were: the same tensors, byte for byte, whether evaluation folds or not", async () => {
    const checkpoint = async (fold: boolean): Promise<{ names: string[]; bytes: Uint8Array }> => {
      const { model } = await loadModel(spec, `fold-bn-checkpoint-${name}-${fold}`, "f32");
      const rng = new Rng(13);
      for (let step = 0; step < 3; step++) {
        const { x, labels, targets } = batch(model, ROWS, rng);
        trainStep(model, x, labels, targets);
        if (fold) delete process.env.NNC_FOLD_BN;
        else process.env.NNC_FOLD_BN = "0";
        model.forward(x, ROWS, false);
        delete process.env.NNC_FOLD_BN;
      }
      const tensors = stateDict(model);
      return { names: [...tensors.keys()], bytes: safetensorsBytes(tensors, {}) };
    };
    const folded = await checkpoint(true);
    const unfolded = await checkpoint(false);
    expect(folded.names.filter((n) => /fold/i.test(n))).toEqual([]);
    expect(folded.names).toEqual(unfolded.names);
    expect(Buffer.from(folded.bytes).equals(Buffer.from(unfolded.bytes))).toBe(true);
  });
});

describe("what does not fold", () => {
  it("a conv read by more than its batch norm, a conv followed by relu, and a batch norm after a dense layer", async () => {
    const spec = specWithLayers(
      `conv1: conv2d(4, 3, padding = 1)
       relu
       bn1: batchnorm
       conv2: conv2d(4, 3, padding = 1)
       add {
         branch { bn2: batchnorm }
         branch { }
       }
       conv3: conv2d(4, 1)
       bn4: batchnorm
       flatten
       fc1: dense(6)
       bn3: batchnorm
       fc: dense(3)`,
    );
    const { plan } = await loadModel(spec, "fold-bn-none", "f32");
    const dump = dumpIr(lowerStages(plan), "kernel-steps");
    expect(dump.match(/folded in, writes/g), dump).toHaveLength(1);
    // Only the control pair: conv3's output feeds bn4 alone.
    expect(dump).toMatch(/conv3: conv2d.*evaluation: bn4 folded in/);
  });
});
