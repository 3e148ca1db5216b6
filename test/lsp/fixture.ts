/** A small spec with one of each thing the editor features act on, in a scratch folder with its data. */
import { copyFileSync, mkdirSync, mkdtempSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

export const DEMO = `# demo
let hidden = 8

data {
  train = csv("xor.csv", label = 2, header = true)
  validation = split(train, 0.25)
}

model {
  input = [2]
  weight_init = xavier_uniform()

  fc1: dense(hidden)
  relu
  out: dense(2)

  loss = cross_entropy()
}

train {
  optimizer = adam(lr = 1e-3)
  regularize = [l2(1e-4)]
  steps = 20
  batch_size = 4
  early_stopping { metric = validation.loss  patience = 2 }
}
`;

/** A fresh folder under tmp/ holding xor.csv, for specs whose data paths are relative. */
export function scratchDir(): string {
  mkdirSync(join(root, "tmp"), { recursive: true });
  const dir = mkdtempSync(join(root, "tmp", "lsp-"));
  copyFileSync(join(root, "examples/data/xor.csv"), join(dir, "xor.csv"));
  return dir;
}

/** The LSP position of the `nth` occurrence of `needle` in `text`, plus `delta` characters. */
export function pos(text: string, needle: string, delta = 0, nth = 0): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`${needle} not in text`);
  const before = text.slice(0, at + delta);
  const line = before.split("\n").length - 1;
  return { line, character: before.length - before.lastIndexOf("\n") - 1 };
}
