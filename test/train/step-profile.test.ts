/**
 * StepProfile (runtime/train/profile.ts) sets the run's first step apart: it also compiles kernels and starts
 * threads, and averaged into a short profile it made the first layers look several times slower than they are.
 */
import { describe, expect, it } from "vitest";
import { StepProfile, formatProfile, profileJson, profileRows } from "../../runtime/train/profile.ts";

/** A step in which layer 0's forward took `forward` ms and the optimizer `update` ms (times given, not measured). */
function step(p: StepProfile, forward: number, update: number): void {
  p.forwardMs[0] += forward;
  p.backwardMs[0] += 1;
  p.phaseMs.set("optimizer update", (p.phaseMs.get("optimizer update") ?? 0) + update);
  p.endStep();
}

describe("StepProfile", () => {
  it("averages the steps after the first, and reports the first's total apart", () => {
    const p = new StepProfile(["conv1"]);
    step(p, 40, 5); // the first step: compilation and thread start-up on top
    step(p, 2, 1);
    step(p, 4, 1);
    const rows = profileRows(p);
    expect(rows[0]).toMatchObject({ name: "conv1", forwardMs: 3, backwardMs: 1 });
    expect(rows[1]).toMatchObject({ name: "optimizer update", forwardMs: 1 });
    expect(rows.reduce((a, r) => a + r.share, 0)).toBeCloseTo(1, 12);
    expect(profileJson(p)).toMatchObject({ steps: 2, firstStepOnly: false, firstStepMs: 46 });
    expect(formatProfile(p)).toContain(
      "profile of 2 training steps after the first (wall time on the training thread; the first took 46.0 ms",
    );
  });

  it("reports the first step itself when it is the only one", () => {
    const p = new StepProfile(["conv1"]);
    step(p, 40, 5);
    expect(profileRows(p)[0]).toMatchObject({ forwardMs: 40, backwardMs: 1 });
    expect(profileJson(p)).toMatchObject({ steps: 1, firstStepOnly: true, firstStepMs: 46 });
    expect(formatProfile(p)).toContain("profile of the first training step only");
  });
});
