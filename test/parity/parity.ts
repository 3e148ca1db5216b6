/**
 * Runs one golden case through the real pipeline: case.json → .nn spec → nnc compile → generated
 * module → training from init.safetensors with the generated trainStep → comparison with PyTorch's
 * per-step losses and learning rates, final weights and buffers, and eval-mode outputs.
 * Tolerances are the golden README's: weights, buffers and losses within 1e-5 + 1e-4·|expected|,
 * eval outputs within 1e-4 + 1e-4·|expected|, num_batches_tracked exact, lr within 1e-12 relative.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { compile } from "../../compiler/index.ts";
import { formatDiagnostic } from "../../compiler/diagnostics.ts";
import { writeModuleFile } from "../../cli/generated-files.ts";
import { runtimeEntryUrl } from "../../cli/spec-module.ts";
import { Batcher, readSafetensors, stateDict, type CompiledModel, type LoadedData, type TensorData } from "../../runtime/index.ts";
import { caseSpec } from "./case-spec.ts";

export interface ParityResult {
  readonly name: string;
  readonly ok: boolean;
  /** Largest |actual − expected| / (atol + rtol·|expected|); ≤ 1 passes. */
  readonly weightRatio: number;
  readonly lossRatio: number;
  readonly evalRatio: number;
  readonly lrRelative: number;
  readonly weightDiff: number;
  readonly lossDiff: number;
  readonly evalDiff: number;
  readonly problems: readonly string[];
}

interface TrainableModel extends CompiledModel {
  trainStep(x: Float32Array | Float64Array, labels: Int32Array, targets: Float32Array | Float64Array, n: number): number;
  momentumAt(step: number, epoch: number): number;
}

interface Generated {
  createModel(seed?: number): TrainableModel;
  loadData(): Promise<LoadedData>;
}

class Worst {
  ratio = 0;
  diff = 0;
  where = "";
  constructor(
    readonly atol: number,
    readonly rtol: number,
  ) {}
  see(actual: number, expected: number, where: string): void {
    const diff = Math.abs(actual - expected);
    const ratio = Number.isNaN(diff) ? Infinity : diff / (this.atol + this.rtol * Math.abs(expected));
    if (ratio > this.ratio || Number.isNaN(ratio)) {
      this.ratio = Number.isNaN(ratio) ? Infinity : ratio;
      this.where = `${where}: got ${actual}, expected ${expected}`;
    }
    if (diff > this.diff) this.diff = diff;
  }
}

function asNumbers(t: TensorData): number[] {
  return t.dtype === "I64" ? Array.from(t.data as BigInt64Array, Number) : Array.from(t.data as Float32Array);
}

/** What a target produced for one case: per-step losses, rates (and momenta), final state_dict, eval-mode outputs. */
export interface Observed {
  readonly losses: readonly number[];
  readonly lrs: readonly number[];
  /** The momentum (SGD) or β1 (Adam family) each step used, when the case records it. */
  readonly momenta: readonly number[] | undefined;
  readonly state: ReadonlyMap<string, TensorData>;
  /** One row of outputs per row of train.csv, in order. */
  readonly evalRows: readonly (readonly number[])[];
}

export function readCase(dir: string): Record<string, unknown> & { name: string; training: { steps: number; batch_size: number } } {
  return JSON.parse(readFileSync(join(resolve(dir), "case.json"), "utf8"));
}

export function failed(name: string, problem: string): ParityResult {
  return {
    name,
    ok: false,
    weightRatio: NaN,
    lossRatio: NaN,
    evalRatio: NaN,
    lrRelative: NaN,
    weightDiff: NaN,
    lossDiff: NaN,
    evalDiff: NaN,
    problems: [problem],
  };
}

export async function runParityCase(dir: string, workDir = join(tmpdir(), "nnc-parity")): Promise<ParityResult> {
  const caseDir = resolve(dir);
  const c = readCase(caseDir);
  const name = c.name;
  const folder = join(workDir, name);
  mkdirSync(folder, { recursive: true });
  const { text: spec, baseDir } = caseSpec(c, caseDir, folder);
  const specPath = join(folder, `${name}.nn`);
  writeFileSync(specPath, spec);
  const compiled = await compile(spec, { source: specPath, baseDir, runtimeImport: runtimeEntryUrl, moduleDir: folder });
  if (compiled.code === undefined) {
    return failed(name, `spec did not compile:\n${compiled.diagnostics.map((d) => formatDiagnostic(d, specPath, spec)).join("\n")}`);
  }
  const modulePath = writeModuleFile(folder, `${name}.nn.ts`, compiled.code);
  const generated = (await import(pathToFileURL(modulePath).href)) as Generated;

  const model = generated.createModel();
  const data = await generated.loadData();
  const training = c.training;
  const batcher = new Batcher(data.train, training.batch_size, false, model.rng, model.definition.precision);
  const recorded = JSON.parse(readFileSync(join(caseDir, "losses.json"), "utf8")) as Record<string, number[]>;
  const tracksMomentum = recorded.momentum !== undefined || recorded.beta1 !== undefined;
  const losses: number[] = [];
  const lrs: number[] = [];
  const momenta: number[] = [];
  batcher.startEpoch();
  for (let k = 0; k < training.steps; k++) {
    let n = batcher.next();
    if (n === 0) {
      batcher.startEpoch();
      n = batcher.next();
    }
    lrs.push(model.lrAt(k, 0));
    if (tracksMomentum) momenta.push(model.momentumAt(k, 0));
    losses.push(model.trainStep(batcher.x, batcher.labels, batcher.targets, n));
  }
  const evalRows: number[][] = [];
  const evalBatcher = new Batcher(data.train, training.batch_size, false, model.rng, model.definition.precision);
  evalBatcher.startEpoch();
  const width = model.definition.outputSize;
  for (let n = evalBatcher.next(); n > 0; n = evalBatcher.next()) {
    const out = model.forward(evalBatcher.x, n, false);
    for (let i = 0; i < n; i++) evalRows.push(Array.from(out.subarray(i * width, (i + 1) * width)));
  }
  return judge(caseDir, { losses, lrs, momenta: tracksMomentum ? momenta : undefined, state: stateDict(model), evalRows });
}

/** Compares what a target produced with the case, with the golden README's tolerances. */
export function judge(caseDir: string, o: Observed): ParityResult {
  const c = readCase(caseDir);
  const name = c.name;
  const problems: string[] = [];
  const losses = JSON.parse(readFileSync(join(caseDir, "losses.json"), "utf8")) as Record<string, number[]>;
  const lossWorst = new Worst(1e-5, 1e-4);
  let lrRelative = 0;
  let momentumRelative = 0;
  const momentumKey = losses.momentum ? "momentum" : losses.beta1 ? "beta1" : undefined;
  if (o.losses.length !== c.training.steps) problems.push(`${o.losses.length} steps were recorded, the case has ${c.training.steps}`);
  for (let k = 0; k < c.training.steps; k++) {
    const lr = o.lrs[k] ?? NaN;
    lrRelative = Math.max(lrRelative, Number.isNaN(lr) ? Infinity : Math.abs(lr - losses.lr[k]) / Math.abs(losses.lr[k]));
    if (momentumKey) {
      const m = o.momenta?.[k] ?? NaN;
      momentumRelative = Math.max(
        momentumRelative,
        Number.isNaN(m) ? Infinity : Math.abs(m - losses[momentumKey][k]) / Math.abs(losses[momentumKey][k]),
      );
    }
    lossWorst.see(o.losses[k] ?? NaN, losses.loss[k], `loss[${k}]`);
  }
  if (lrRelative > 1e-12) problems.push(`lr differs by ${lrRelative.toExponential(2)} relative`);
  if (momentumRelative > 1e-12) problems.push(`${momentumKey} differs by ${momentumRelative.toExponential(2)} relative`);

  const expected = readSafetensors(join(caseDir, "expected.safetensors")).tensors;
  const weightWorst = new Worst(1e-5, 1e-4);
  for (const [tensor, e] of expected) {
    const a = o.state.get(tensor);
    if (!a) {
      problems.push(`tensor ${tensor} is missing from the model`);
      continue;
    }
    const av = asNumbers(a);
    const ev = asNumbers(e);
    if (av.length !== ev.length) problems.push(`tensor ${tensor} has ${av.length} values, expected ${ev.length}`);
    if (tensor.endsWith("num_batches_tracked")) {
      if (av[0] !== ev[0]) problems.push(`${tensor} = ${av[0]}, expected ${ev[0]}`);
      continue;
    }
    ev.forEach((v, i) => weightWorst.see(av[i], v, `${tensor}[${i}]`));
  }
  for (const tensor of o.state.keys()) if (!expected.has(tensor)) problems.push(`model has tensor ${tensor} that PyTorch does not`);

  const evalRows = readFileSync(join(caseDir, "eval_outputs.csv"), "utf8")
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(",").map(Number));
  const evalWorst = new Worst(1e-4, 1e-4);
  o.evalRows.forEach((out, row) => {
    if (row < evalRows.length) out.forEach((v, j) => evalWorst.see(v, evalRows[row][j], `eval row ${row} output ${j}`));
  });
  if (o.evalRows.length !== evalRows.length) problems.push(`evaluated ${o.evalRows.length} rows, eval_outputs.csv has ${evalRows.length}`);
  if (weightWorst.ratio > 1) problems.push(`weights: ${weightWorst.where}`);
  if (lossWorst.ratio > 1) problems.push(`losses: ${lossWorst.where}`);
  if (evalWorst.ratio > 1) problems.push(`eval outputs: ${evalWorst.where}`);
  return {
    name,
    ok: problems.length === 0,
    weightRatio: weightWorst.ratio,
    lossRatio: lossWorst.ratio,
    evalRatio: evalWorst.ratio,
    lrRelative,
    weightDiff: weightWorst.diff,
    lossDiff: lossWorst.diff,
    evalDiff: evalWorst.diff,
    problems,
  };
}
