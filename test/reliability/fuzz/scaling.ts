/**
 * Large specs for the linear-time requirement: the same shapes at 1, 2, 5 and 10 MB, so the cost per MB
 * can be compared across sizes (a super-linear step would show as a growing ms/MB).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { analyze } from "../../../compiler/index.ts";
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
  const soupUnits = ["{", "}", "(", ")", "[", "]", ",", "=", "x", "1", " ", "\n", '"', "#", "dense", ":"];
  const soup: string[] = [];
  for (let n = 0; n < size;) {
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

/** `count` lines made by `line(i)`, as many as fill `size` characters. */
function lines(size: number, line: (i: number) => string): string {
  const out: string[] = [];
  for (let i = 0, n = 0; n < size; i++) {
    const l = line(i);
    out.push(l);
    n += l.length;
  }
  return out.join("");
}

/**
 * Shapes where one check compared every statement with every other (issue 15, item 4): a layer name
 * repeated (90,000 duplicates took over 10 minutes to print), constants repeated, unknown names among
 * many declared ones (did-you-mean), many sigmoid or dropout layers (a lint scanned the rest of the
 * model per layer), and a regularizer naming every layer.
 */
export function repeatedNameShapes(size: number): ScalingInput[] {
  const xor = readFileSync(join(examplesDir, "xor.nn"), "utf8");
  const mb = `${size / 1e6} MB`;
  const inModel = (layers: string) => xor.replace("out: dense(2)", layers + "out: dense(2)");
  const half = size / 2;
  const named = lines(half, (i) => `h${i}: dense(2)\n`);
  const count = named.split("\n").length - 1;
  return [
    { name: `${mb} of one repeated layer name`, text: inModel(fill("hidden_layer: dense(4)\n", size)) },
    { name: `${mb} of one repeated constant`, text: fill("let width = 1\n", size) + xor },
    {
      name: `${mb} of unknown names among as many constants`,
      text: lines(half, (i) => `let c${i} = 1\n`) + lines(half, (i) => `let d${i} = x${i} + 1\n`) + xor,
    },
    { name: `${mb} of hidden sigmoid layers`, text: inModel(fill("dense(2)\nsigmoid\n", size)) },
    {
      name: `${mb} of dropout after the last dense layer`,
      text: xor.replace("out: dense(2)", "out: dense(2)\n" + fill("dropout(0.5)\n", size)),
    },
    {
      name: `${mb} of layers, each named by a regularizer (half of them misspelt)`,
      text: inModel(named).replace(
        "metrics =",
        `regularize = [l2(1e-4, layers = [${Array.from({ length: count }, (_, i) => (i % 2 === 0 ? `h${i}` : `hh${i}`)).join(", ")}])]\n  metrics =`,
      ),
    },
  ];
}

export function scalingInputs(): ScalingInput[] {
  return SIZES.flatMap((size) => [...shapes(size), ...repeatedNameShapes(size)]);
}

export function timeCheck(text: string): number {
  const t = performance.now();
  analyze(text, { source: "big.nn", baseDir: examplesDir });
  return performance.now() - t;
}
