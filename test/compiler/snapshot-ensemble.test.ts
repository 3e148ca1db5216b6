import { describe, expect, it } from "vitest";
import { MINIMAL, at, checkText, expectDiagnostics } from "./harness.ts";

const withSchedule = (schedule: string | undefined, epochs = 10): string =>
  MINIMAL.replace(
    "epochs = 10",
    `epochs = ${epochs}\n  snapshot_ensemble = true${schedule === undefined ? "" : `\n  schedule { lr = ${schedule} }`}`,
  );

describe("snapshot_ensemble", () => {
  it("plans the lr cycles from an epoch-counted cosine_restarts", () => {
    const result = checkText(withSchedule("cosine_restarts(2 epochs, T_mult = 2)"));
    expect(result.diagnostics).toEqual([]);
    expect(result.plan!.training.snapshotEnsemble).toEqual({ T0: 2, Tmult: 2 });
  });

  it("is off by default", () => {
    expect(checkText(MINIMAL).plan!.training.snapshotEnsemble).toBeUndefined();
  });

  it("NN4015: needs an lr schedule", () => {
    const text = withSchedule(undefined);
    expectDiagnostics(text, [at(text, "error", "NN4015", "snapshot_ensemble = true")]);
  });

  it("NN4015: the lr schedule must be cosine_restarts", () => {
    const text = withSchedule("cosine(10 epochs)");
    expectDiagnostics(text, [at(text, "error", "NN4015", "cosine(10 epochs)")]);
  });

  it("NN4015: cosine_restarts must count epochs", () => {
    const text = withSchedule("cosine_restarts(100 steps)");
    expectDiagnostics(text, [at(text, "error", "NN4015", "cosine_restarts(100 steps)")]);
  });

  it("NN4015: at least two cycles must end within the run", () => {
    const text = withSchedule("cosine_restarts(6 epochs)");
    expectDiagnostics(text, [at(text, "error", "NN4015", "snapshot_ensemble = true")]);
  });

  it("checks an absurdly long run without enumerating its cycles (found by the fuzzer: 1e19 epochs crashed V8)", () => {
    const result = checkText(withSchedule("cosine_restarts(15 epochs)", 18446744073709551617));
    expect(result.diagnostics.filter((d) => d.code === "NN4015")).toEqual([]);
    expect(result.plan!.training.snapshotEnsemble).toEqual({ T0: 15, Tmult: 1 });
  });
});
