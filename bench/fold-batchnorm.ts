/**
 * Evaluation with batch norm folded into the convolutions (the default) against the unfolded steps
 * (NNC_FOLD_BN=0): forward passes of `--images` rows (default 10,000, the Fashion-MNIST test set) in batches of
 * the model's MAX_BATCH, alternating the two, on one thread; the least process CPU time of each side.
 * Inputs are random (the time does not depend on the values). Alone:
 * `node bin/run-ts.js bench/fold-batchnorm.ts [spec] [--images N] [--batch B] [--rounds R]`.
 */
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { loadSpecModule } from "../cli/spec-module.ts";
import { Rng } from "../runtime/rng.ts";
import { setGemmThreads } from "../runtime/wasm/threads.ts";

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const spec = resolve(args.find((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--")) ?? "examples/fashion-cnn.nn");
const images = option("--images", 10_000);
const rounds = option("--rounds", 3);

setGemmThreads(1);
const { module } = await loadSpecModule(spec);
const model = module.createModel();
/** Rows per forward call: the model's MAX_BATCH unless `--batch` (1 measures single-image prediction, where the fold costs most). */
const batch = Math.min(option("--batch", model.definition.maxBatch), model.definition.maxBatch);
const rng = new Rng(1);
const x = new Float32Array(batch * model.definition.inputSize).map(() => rng.normal());

/** CPU and wall milliseconds for `images` rows of evaluation. */
function pass(fold: boolean): { cpu: number; wall: number } {
  process.env.NNC_FOLD_BN = fold ? "1" : "0";
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let done = 0; done < images; done += batch) model.forward(x, Math.min(batch, images - done), false);
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1000, wall: performance.now() - t0 };
}

pass(true);
pass(false);
const best = { folded: Infinity, unfolded: Infinity };
for (let r = 0; r < rounds; r++) {
  const folded = pass(true);
  const unfolded = pass(false);
  best.folded = Math.min(best.folded, folded.cpu);
  best.unfolded = Math.min(best.unfolded, unfolded.cpu);
  console.log(
    `round ${r + 1}: folded ${folded.cpu.toFixed(0)} ms CPU (${folded.wall.toFixed(0)} wall), ` +
      `unfolded ${unfolded.cpu.toFixed(0)} ms CPU (${unfolded.wall.toFixed(0)} wall)`,
  );
}
console.log(
  `${spec}: ${images} images in batches of ${batch}, best of ${rounds}: folded ${best.folded.toFixed(0)} ms CPU, ` +
    `unfolded ${best.unfolded.toFixed(0)} ms CPU (${((1 - best.folded / best.unfolded) * 100).toFixed(1)}% less); ` +
    `load average ${loadavg()[0].toFixed(1)}`,
);
