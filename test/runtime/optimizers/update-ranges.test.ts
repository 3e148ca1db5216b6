/**
 * Data-parallel training updates the params in ranges, one per thread (runtime/parallel/update-range.ts):
 * cut where updateCuts says, the ranges' updates must give the bytes of one whole update, with the SIMD
 * kernels (whose vector lanes use fused multiply-adds where the engine has them, and whose last few floats
 * of a range do not) on float32 params in an Arena.
 */
import { describe, expect, it } from "vitest";
import { Arena } from "../../../runtime/arena.ts";
import * as O from "../../../runtime/optimizers/index.ts";
import type { FloatArray } from "../../../runtime/types.ts";
import { randomArray } from "../kernels/gradcheck.ts";

const count = 3001;
/** Groups with ragged edges, as biases and lr_mult make them; [2990, 3001) is frozen (in no group). */
const groups: O.UpdateGroup[] = [
  { start: 0, end: 1003, lrMult: 1, wdMult: 1, l2x: 0, l1: 0 },
  { start: 1003, end: 1010, lrMult: 0.5, wdMult: 0, l2x: 2e-3, l1: 0 },
  { start: 1010, end: 2990, lrMult: 2, wdMult: 1, l2x: 0, l1: 1e-4 },
];
const stepAt = (t: number): O.UpdateStep => ({ t, lr: 0.01, momentum: 0.9, weightDecay: 1e-3, clipValue: Infinity, clipScale: 1 });

type Update = (s: O.UpdateStep, r: O.UpdateGroup, p: FloatArray, g: FloatArray, m: FloatArray, v: FloatArray) => void;
const optimizers: [string, Update][] = [
  [
    "adam",
    (s, r, p, g, m, v) => O.adamStep({ beta2: 0.999, eps: 1e-8, amsgrad: false, decoupledWeightDecay: false }, s, r, p, g, m, v, null),
  ],
  [
    "adamw",
    (s, r, p, g, m, v) => O.adamStep({ beta2: 0.999, eps: 1e-8, amsgrad: false, decoupledWeightDecay: true }, s, r, p, g, m, v, null),
  ],
  [
    "nadam",
    (s, r, p, g, m, v) =>
      O.nadamStep(
        { beta2: 0.999, eps: 1e-8, momentumDecay: 4e-3 },
        { ...s, scalars: O.nadamStepScalars(O.nadamScalars(s.t, 0.9, 4e-3, 1)) },
        r,
        p,
        g,
        m,
        v,
      ),
  ],
  ["sgd", (s, r, p, g, m) => O.sgdStep({ dampening: 0, nesterov: true }, s, r, p, g, m)],
  ["rmsprop", (s, r, p, g, m, v) => O.rmspropStep({ alpha: 0.99, eps: 1e-8, centered: false }, s, r, p, g, m, null, v)],
];

/** Three steps of `update` from one random start, each over the ranges between `cuts`; returns p and both state buffers. */
function run(update: Update, cuts: readonly number[]): Float32Array {
  const arena = new Arena(Arena.bytesFor("f32", 4 * count, 0));
  const [p, g, m, v] = [0, 1, 2, 3].map(() => arena.floats("f32", count));
  p.set(randomArray(count, 1, -1, 1));
  for (let t = 1; t <= 3; t++) {
    g.set(randomArray(count, 10 + t, -2, 2));
    for (let k = 0; k + 1 < cuts.length; k++)
      for (const r of O.groupsWithin(groups, cuts[k], cuts[k + 1])) update(stepAt(t), r, p, g, m, v);
  }
  return Float32Array.from([...p, ...m, ...v]);
}

describe("an update split by parameter range", () => {
  it("cuts the params into ascending ranges that cover them, inside a group a multiple of 16 floats from its start", () => {
    for (let parts = 1; parts <= 5; parts++) {
      const cuts = O.updateCuts(groups, count, parts);
      expect(cuts).toHaveLength(parts + 1);
      expect([cuts[0], cuts[parts]]).toEqual([0, count]);
      for (let k = 1; k <= parts; k++) expect(cuts[k]).toBeGreaterThanOrEqual(cuts[k - 1]);
      for (const cut of cuts.slice(1, -1)) {
        const g = groups.find((r) => r.start < cut && cut < r.end);
        if (g) expect((cut - g.start) % 16).toBe(0);
        // About equal ranges: each cut within a lane block of its share.
        expect(Math.abs(cut - (count * cuts.indexOf(cut)) / parts)).toBeLessThanOrEqual(16);
      }
    }
  });

  it("leaves out the frozen params and the parts of groups outside the range", () => {
    expect(O.groupsWithin(groups, 1000, 1012)).toEqual([
      { ...groups[0], start: 1000, end: 1003 },
      groups[1],
      { ...groups[2], start: 1010, end: 1012 },
    ]);
    expect(O.groupsWithin(groups, 2990, 3001)).toEqual([]);
  });

  for (const [name, update] of optimizers)
    it(`gives the bytes of the whole update with ${name}, in 2 to 4 ranges`, () => {
      const whole = run(update, [0, count]);
      for (let parts = 2; parts <= 4; parts++) {
        const split = run(update, O.updateCuts(groups, count, parts));
        expect(Buffer.from(split.buffer).equals(Buffer.from(whole.buffer))).toBe(true);
      }
    });
});
