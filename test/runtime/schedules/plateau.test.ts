import { describe, expect, it } from "vitest";
import { PlateauScheduler } from "../../../runtime/schedules/plateau.ts";

describe("PlateauScheduler (ReduceLROnPlateau)", () => {
  it("reduces after more than `patience` evaluations without relative improvement", () => {
    const s = new PlateauScheduler("min", 0.5, 2, 1e-4, 0, 0);
    let lr = 1;
    lr = s.step(1.0, lr); // best
    lr = s.step(0.99995, lr); // not better than 1·(1 − 1e-4): bad 1
    lr = s.step(1.0, lr); // bad 2
    expect(lr).toBe(1);
    lr = s.step(1.0, lr); // bad 3 > patience 2
    expect(lr).toBe(0.5);
  });

  it("waits `cooldown` evaluations after a reduction before counting again", () => {
    const s = new PlateauScheduler("min", 0.1, 0, 0, 2, 0);
    let lr = 1;
    lr = s.step(5, lr);
    lr = s.step(5, lr); // bad 1 > 0: reduce, cooldown 2
    expect(lr).toBeCloseTo(0.1, 15);
    lr = s.step(5, lr); // cooldown
    lr = s.step(5, lr); // cooldown
    expect(lr).toBeCloseTo(0.1, 15);
    lr = s.step(5, lr);
    expect(lr).toBeCloseTo(0.01, 15);
  });

  it("in max mode an increasing metric is an improvement", () => {
    const s = new PlateauScheduler("max", 0.5, 0, 0, 0, 0);
    let lr = 1;
    for (const m of [0.1, 0.2, 0.3]) lr = s.step(m, lr);
    expect(lr).toBe(1);
    lr = s.step(0.3, lr);
    expect(lr).toBe(0.5);
  });

  it("never goes below min and ignores changes of at most 1e-8", () => {
    const s = new PlateauScheduler("min", 0.5, 0, 0, 0, 0.3);
    let lr = 1;
    lr = s.step(1, lr);
    lr = s.step(1, lr);
    lr = s.step(1, lr);
    expect(lr).toBe(0.3);
    expect(s.step(1, 2e-8)).toBe(2e-8);
  });

  it("round-trips its state", () => {
    const a = new PlateauScheduler("min", 0.5, 1, 0, 1, 0);
    a.step(3, 1);
    a.step(4, 1);
    const b = new PlateauScheduler("min", 0.5, 1, 0, 1, 0);
    b.setState(a.getState());
    expect(b.step(4, 1)).toBe(a.step(4, 1));
    expect(b.getState()).toEqual(a.getState());
  });

  it("rejects a factor of 1 or more", () => {
    expect(() => new PlateauScheduler("min", 1, 1, 0, 0, 0)).toThrow(/factor/);
  });
});
