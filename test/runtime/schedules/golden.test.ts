import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as S from "../../../runtime/schedules/index.ts";

/* Every schedule case of shared/golden: the lr (and OneCycle momentum) PyTorch used at each step k. */
const GOLDEN = "/work/shared/golden";
interface Case {
  lr_schedule: { class: string; args: Record<string, any> };
  optimizer: { hyperparameters: { lr: number } };
}
function load(name: string): { c: Case; lr: number[]; momentum?: number[] } {
  const c = JSON.parse(readFileSync(`${GOLDEN}/${name}/case.json`, "utf8")) as Case;
  const l = JSON.parse(readFileSync(`${GOLDEN}/${name}/losses.json`, "utf8"));
  return { c, lr: l.lr, momentum: l.momentum };
}
function expectRel(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * Math.abs(expected));
}

type Sched = (k: number, base: number, a: Record<string, any>) => number;
const cases: [string, Sched][] = [
  ["sched_steplr", (k, b, a) => S.stepSchedule(k, b, a.step_size, a.gamma)],
  ["sched_multisteplr", (k, b, a) => S.multistepSchedule(k, b, a.milestones, a.gamma)],
  ["sched_exponentiallr", (k, b, a) => S.exponentialSchedule(k, b, a.gamma)],
  ["sched_cosineannealinglr", (k, b, a) => S.cosineSchedule(k, b, a.T_max, a.eta_min)],
  ["sched_cosine_warm_restarts", (k, b, a) => S.cosineRestartsSchedule(k, b, a.T_0, a.T_mult, a.eta_min)],
  ["sched_polynomiallr", (k, b, a) => S.polynomialSchedule(k, b, a.total_iters, a.power)],
  ["sched_lambdalr_inverse_sqrt", (k, b, a) => S.inverseSqrtSchedule(k, b, a.lr_lambda.warmup_steps)],
  [
    "sched_onecyclelr",
    (k, _b, a) => S.oneCycleLr(k, a.max_lr, a.total_steps, a.pct_start, a.anneal_strategy, a.div_factor, a.final_div_factor, a.three_phase),
  ],
  [
    "sched_linear_warmup_cosine",
    (k, b, a) => {
      const { index, localK } = S.sequentialIndex(k, a.milestones);
      const sub = a.schedulers[index].args;
      return index === 0
        ? S.linearSchedule(localK, b, sub.start_factor, sub.end_factor, sub.total_iters)
        : S.cosineSchedule(localK, b, sub.T_max, sub.eta_min);
    },
  ],
];

describe("schedules reproduce PyTorch's per-step lr from the golden cases to 1e-12 relative", () => {
  it.each(cases)("%s", (name, f) => {
    const { c, lr } = load(name);
    expect(lr.length).toBeGreaterThan(0);
    for (let k = 0; k < lr.length; k++) expectRel(f(k, c.optimizer.hyperparameters.lr, c.lr_schedule.args), lr[k]);
  });

  it("sched_onecyclelr momentum cycling", () => {
    const { c, momentum } = load("sched_onecyclelr");
    const a = c.lr_schedule.args;
    expect(momentum?.length).toBe(30);
    for (let k = 0; k < 30; k++) {
      expectRel(
        S.oneCycleMomentum(k, a.total_steps, a.pct_start, a.anneal_strategy, a.three_phase, a.base_momentum, a.max_momentum),
        momentum![k],
      );
    }
  });
});

describe("schedule shapes", () => {
  it("constant multiplies by its factor", () => {
    expect(S.constantSchedule(7, 0.1, 0.5)).toBe(0.05);
  });
  it("inverse time decays as base/(1 + decay·k)", () => {
    expect(S.inverseTimeSchedule(4, 1, 0.5)).toBe(1 / 3);
  });
  it("cosine restarts with T_mult 2 restart after T0, then 2·T0 steps", () => {
    expect(S.cosineRestartsSchedule(10, 1, 10, 2, 0)).toBe(1);
    expect(S.cosineRestartsSchedule(30, 1, 10, 2, 0)).toBe(1);
    expectRel(S.cosineRestartsSchedule(20, 1, 10, 2, 0), 0.5);
  });
  it("three-phase one-cycle returns to the initial lr before annealing to the minimum", () => {
    const at = (k: number) => S.oneCycleLr(k, 1, 100, 0.25, "linear", 10, 100, true);
    expectRel(at(0), 0.1);
    expectRel(at(24), 1);
    expectRel(at(48), 0.1);
    expectRel(at(99), 0.001);
  });
  it("sequentialIndex hands over at each milestone with a local step from 0", () => {
    expect(S.sequentialIndex(4, [5, 10])).toEqual({ index: 0, localK: 4 });
    expect(S.sequentialIndex(5, [5, 10])).toEqual({ index: 1, localK: 0 });
    expect(S.sequentialIndex(12, [5, 10])).toEqual({ index: 2, localK: 2 });
  });
  it("rejects a step size below 1", () => {
    expect(() => S.stepSchedule(0, 1, 0, 0.1)).toThrow(/size/);
  });
});
