/**
 * Large specs for the linear-time requirement: the same shapes at 1, 2, 5 and 10 MB, so the cost per MB
 * can be compared across sizes (a super-linear step would show as a growing ms/MB).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkSource } from "../../../compiler/compile.ts";
import { examplesDir } from "./mutate.ts";

export interface ScalingInput {
  readonly name: string;
  readonly text: string;
}

const SIZES = [1e6, 2e6, 5e6, 10e6];

function fill(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length));
}

/** One valid model with many layers, a long comment, a long string, repeated whole specs and token soup. */
export function shapes(size: number): ScalingInput[] {
  const xor = readFileSync(join(examplesDir, "xor.nn"), "utf8");
  const mb = `${size / 1e6} MB`;
  const layers = xor.replace("out: dense(2)", fill("dense(4)\ntanh\n", size) + "out: dense(2)");
  let seed = 7;
  const soupUnits = ["{", "}", "(", ")", "[", "]", ",", "=", "x", "1", " ", "\n", "\"", "#", "dense", ":"];
  const soup: string[] = [];
  for (let n = 0; n < size; ) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const u = soupUnits[(seed >>> 16) % soupUnits.length];
    soup.push(u);
    n += u.length;
  }
  return [
    { name: `xor with ${mb} of layers`, text: layers },
    { name: `${mb} comment`, text: "#" + fill("x", size) + "\n" + xor },
    { name: `${mb} string`, text: xor.replace("data/xor.csv", fill("a", size)) },
    { name: `xor repeated to ${mb}`, text: fill(xor, size) },
    { name: `${mb} token soup`, text: soup.join("") },
  ];
}

export function scalingInputs(): ScalingInput[] {
  return SIZES.flatMap(shapes);
}

export function timeCheck(text: string): number {
  const t = performance.now();
  checkSource(text, { source: "big.nn", baseDir: examplesDir });
  return performance.now() - t;
}
