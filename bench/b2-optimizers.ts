/**
 * Issue 7's "fused optimizer updates at the memory floor", per optimizer: one step over 1M float32
 * parameters through the same runtime call the generated update() makes (float32 views of one Arena,
 * so the SIMD kernels of runtime/wasm/updates/ run), next to a SIMD floor loop with that optimizer's
 * own memory traffic (bench/simd-floor.ts), and the TypeScript loop the same call runs for a float64
 * model (float64 arena views; twice the bytes of the f32 step). Target: update ≤ 1.2× its floor.
 * Floor and update are timed alternately, several rounds, best of each; the ratio is of the bests.
 *
 * Run alone: `node bin/run-ts.js bench/b2-optimizers.ts` (prints the table); bench/run.ts adds its rows.
 */
import { Arena } from "../runtime/arena.ts";
import type { FloatArray } from "../runtime/types.ts";
import {
  adadeltaUpdate,
  adagradClr,
  adagradUpdate,
  adamUpdate,
  adamaxUpdate,
  nadamCoefficients,
  nadamScalars,
  nadamUpdate,
  radamRect,
  radamUpdate,
  rmspropUpdate,
  sgdUpdate,
} from "../runtime/optimizers/index.ts";
import { fillRandom, time } from "./measure.ts";
import { simdFloorModuleBytes } from "./simd-floor.ts";

export const OPTIMIZER_PARAMS = 1_000_000;
const N = OPTIMIZER_PARAMS;
/** Steps start here, past SGD's first step (buf ← g) and RAdam's un-rectified first five. */
const FIRST_T = 10;

type Buffers = readonly [FloatArray, FloatArray, FloatArray, FloatArray, FloatArray];

interface Case {
  readonly name: string;
  /** State buffers read and written besides p (and g, read only). */
  readonly states: number;
  /** Initial value of the state buffers (AdaGrad's initial_accumulator_value). */
  readonly init?: number;
  step(b: Buffers, t: number): void;
}

const bc = (beta: number, t: number): number => 1 - beta ** t;
const OFF = [0, 0, Infinity, 1] as const; // l2x, l1, clipValue, clipScale: no regularizer, no clipping

/** PyTorch's defaults unless the name says otherwise. */
const CASES: readonly Case[] = [
  { name: "SGD", states: 0, step: ([p, g, s], t) => sgdUpdate(p, g, s, 0, N, 0.01, 0, 0, false, t === 1, 0, ...OFF) },
  { name: "SGD momentum 0.9", states: 1, step: ([p, g, s], t) => sgdUpdate(p, g, s, 0, N, 0.01, 0.9, 0, false, t === 1, 0, ...OFF) },
  {
    name: "SGD momentum 0.9, dampening 0.1",
    states: 1,
    step: ([p, g, s], t) => sgdUpdate(p, g, s, 0, N, 0.01, 0.9, 0.1, false, t === 1, 0, ...OFF),
  },
  { name: "SGD nesterov 0.9", states: 1, step: ([p, g, s], t) => sgdUpdate(p, g, s, 0, N, 0.01, 0.9, 0, true, t === 1, 0, ...OFF) },
  {
    name: "AdaGrad lr_decay 0.01, initial_accumulator 0.1",
    states: 1,
    init: 0.1,
    step: ([p, g, s], t) => adagradUpdate(p, g, s, 0, N, adagradClr(0.01, 0.01, t), 1e-10, 0, ...OFF),
  },
  { name: "Adadelta", states: 2, step: ([p, g, v, u]) => adadeltaUpdate(p, g, v, u, 0, N, 1, 0.9, 1e-6, 0, ...OFF) },
  { name: "RMSprop", states: 1, step: ([p, g, v, , b]) => rmspropUpdate(p, g, v, null, b, 0, N, 0.01, 0.99, 1e-8, 0, false, 0, ...OFF) },
  {
    name: "RMSprop momentum 0.9",
    states: 2,
    step: ([p, g, v, b]) => rmspropUpdate(p, g, v, null, b, 0, N, 0.01, 0.99, 1e-8, 0.9, false, 0, ...OFF),
  },
  {
    name: "RMSprop centered",
    states: 2,
    step: ([p, g, v, ga, b]) => rmspropUpdate(p, g, v, ga, b, 0, N, 0.01, 0.99, 1e-8, 0, true, 0, ...OFF),
  },
  {
    name: "RMSprop centered, momentum 0.9",
    states: 3,
    step: ([p, g, v, ga, b]) => rmspropUpdate(p, g, v, ga, b, 0, N, 0.01, 0.99, 1e-8, 0.9, true, 0, ...OFF),
  },
  {
    name: "Adam",
    states: 2,
    step: ([p, g, m, v], t) => adamUpdate(p, g, m, v, null, 0, N, 1e-3, 0.9, 0.999, 1e-8, bc(0.9, t), bc(0.999, t), false, 0, 0, ...OFF),
  },
  {
    name: "AdamW weight_decay 0.01",
    states: 2,
    step: ([p, g, m, v], t) =>
      adamUpdate(p, g, m, v, null, 0, N, 1e-3, 0.9, 0.999, 1e-8, bc(0.9, t), bc(0.999, t), false, 0, 1e-3 * 0.01, ...OFF),
  },
  {
    name: "Adam amsgrad",
    states: 3,
    step: ([p, g, m, v, x], t) => adamUpdate(p, g, m, v, x, 0, N, 1e-3, 0.9, 0.999, 1e-8, bc(0.9, t), bc(0.999, t), true, 0, 0, ...OFF),
  },
  {
    name: "Adam weight_decay 1e-4 (L2 form)",
    states: 2,
    step: ([p, g, m, v], t) => adamUpdate(p, g, m, v, null, 0, N, 1e-3, 0.9, 0.999, 1e-8, bc(0.9, t), bc(0.999, t), false, 1e-4, 0, ...OFF),
  },
  {
    name: "Adam + l1 1e-5 + clip_grad_value 1",
    states: 2,
    step: ([p, g, m, v], t) =>
      adamUpdate(p, g, m, v, null, 0, N, 1e-3, 0.9, 0.999, 1e-8, bc(0.9, t), bc(0.999, t), false, 0, 0, 0, 1e-5, 1, 1),
  },
  { name: "Adamax", states: 2, step: ([p, g, m, u], t) => adamaxUpdate(p, g, m, u, 0, N, 2e-3, 0.9, 0.999, 1e-8, bc(0.9, t), 0, ...OFF) },
  {
    name: "NAdam",
    states: 2,
    step: ([p, g, m, v], t) => {
      const s = nadamScalars(t, 0.9, 4e-3, 0.5);
      const c = nadamCoefficients(2e-3, s.mu, s.muNext, s.muProduct);
      nadamUpdate(p, g, m, v, 0, N, 2e-3, 0.9, 0.999, 1e-8, bc(0.999, t), c.coefGrad, c.coefMom, 0, ...OFF);
    },
  },
  {
    name: "RAdam",
    states: 2,
    step: ([p, g, m, v], t) =>
      radamUpdate(p, g, m, v, 0, N, 1e-3, 0.9, 0.999, 1e-8, bc(0.9, t), bc(0.999, t), radamRect(t, 0.999), 0, ...OFF),
  },
];

export interface OptimizerTiming {
  readonly name: string;
  readonly states: number;
  /** Best wall ms of one step: SIMD path, its floor, and the TypeScript loop on float64 buffers. */
  readonly simdMs: number;
  readonly floorMs: number;
  readonly tsMs: number;
  readonly ratio: number;
}

function buffers(make: (n: number) => FloatArray, init: number): Buffers {
  const p = make(N),
    g = make(N);
  p.set(fillRandom(new Float32Array(N), 1));
  g.set(fillRandom(new Float32Array(N), 2));
  const s = [0, 1, 2].map(() => make(N).fill(init));
  return [p, g, s[0], s[1], s[2]];
}

type Floor = (...a: number[]) => void;

/** Times every case (or those whose name contains `only`); `rounds` alternations of floor and update. */
export async function b2Optimizers(rounds = 5, only?: string): Promise<OptimizerTiming[]> {
  const floorModule = new WebAssembly.Module(simdFloorModuleBytes() as Uint8Array<ArrayBuffer>);
  const out: OptimizerTiming[] = [];
  for (const c of CASES) {
    if (only !== undefined && !c.name.toLowerCase().includes(only.toLowerCase())) continue;
    const a32 = new Arena(0),
      a64 = new Arena(0);
    const simd = buffers((n) => a32.floats("f32", n), c.init ?? 0);
    const f64 = buffers((n) => a64.floats("f64", n), c.init ?? 0);
    const floor = new WebAssembly.Instance(floorModule, { env: { memory: a32.memory } }).exports[`floor${c.states}`] as Floor;
    const addr = simd.slice(0, 2 + c.states).map((x) => x.byteOffset);
    let t = FIRST_T,
      tp = FIRST_T;
    let simdMs = Infinity,
      floorMs = Infinity;
    for (let r = 0; r < rounds; r++) {
      floorMs = Math.min(floorMs, (await time(() => floor(...addr, N), 20, 3)).wallMs);
      simdMs = Math.min(simdMs, (await time(() => c.step(simd, t++), 20, 3)).wallMs);
    }
    const tsMs = (await time(() => c.step(f64, tp++), 10, 6)).wallMs;
    out.push({ name: c.name, states: c.states, simdMs, floorMs, tsMs, ratio: simdMs / floorMs });
  }
  return out;
}

/** One line per optimizer, for the console. */
export function formatOptimizerTable(rows: readonly OptimizerTiming[]): string {
  const head =
    "| optimizer (1M f32 params) | traffic (reads/writes) | SIMD step ms | SIMD floor ms | ratio (≤ 1.2) | TS loop, f64 model, ms |";
  const lines = rows.map(
    (r) =>
      `| ${r.name} | ${r.states + 2}/${r.states + 1} | ${r.simdMs.toFixed(3)} | ${r.floorMs.toFixed(3)} | ${r.ratio.toFixed(2)}× ${r.ratio <= 1.2 ? "" : "(missed)"} | ${r.tsMs.toFixed(1)} |`,
  );
  return [head, "|---|---|---|---|---|---|", ...lines].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const only = process.argv.slice(2).find((a) => !a.startsWith("--"));
  console.log(formatOptimizerTable(await b2Optimizers(5, only)));
}
