/** Small constructed specs on the spiral data (3 classes, 2 features) for the practice checks. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadSpecModule, type GeneratedModule } from "../../cli/spec-module.ts";

const root = resolve(import.meta.dirname, "../..");
const spiral = join(root, "examples/data/spiral.csv");

export interface SpecParts {
  readonly hidden?: string;
  readonly outInit?: string;
  readonly optimizer?: string;
  readonly extra?: string;
}

export function spiralSpec(p: SpecParts = {}): string {
  return `
data {
  train = csv(${JSON.stringify(spiral)}, label = 2)
  preprocess = [standardize(per_feature)]
}
model {
  input = [2]
  weight_init = he_normal()
  bias_init = zeros()
  ${p.hidden ?? "fc1: dense(64)\n  relu\n  fc2: dense(64)\n  relu"}
  out: dense(3) ${p.outInit ? `{ weight_init = ${p.outInit} }` : ""}
  loss = cross_entropy()
}
train {
  optimizer = ${p.optimizer ?? "adam(lr = 1e-2)"}
  epochs = 1
  batch_size = 32
  seed = 1
  ${p.extra ?? ""}
}
`;
}

let counter = 0;
/** Compiles and imports a spec written into tmp/practice-specs. */
export async function loadSpec(text: string): Promise<GeneratedModule> {
  const dir = join(root, "tmp", "practice-specs");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `spec-${process.pid}-${counter++}.nn`);
  writeFileSync(file, text);
  return (await loadSpecModule(file)).module;
}
