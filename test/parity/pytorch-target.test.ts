/**
 * Golden cases through the PyTorch target (the generated train.py, run by Python with torch), judged exactly
 * as the TypeScript target is. The full set runs in CI as `npm run parity -- --target pytorch DIR`; here, one
 * case per part of the script that is ours rather than PyTorch's (NAdam, batch norm, OneCycle's momentum,
 * the L1 term, the per-sample MSE sum) and every convolutional case in test/parity/cases.
 */
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { hasTorch } from "../pytorch/python.ts";
import { runPyTorchParityCase } from "./parity-pytorch.ts";

const golden = resolve(import.meta.dirname, "../../../shared/golden");
const cases = [
  ...["nadam", "batchnorm1d", "sched_onecyclelr", "l1_sgd_momentum", "loss_mse_regression"].map((n) => join(golden, n)),
  ...readdirSync(resolve(import.meta.dirname, "cases"))
    .sort()
    .map((n) => resolve(import.meta.dirname, "cases", n)),
].filter((dir) => existsSync(join(dir, "case.json")));

describe.runIf(hasTorch())("PyTorch 1.13.1 parity through the generated PyTorch script", { timeout: 120_000 }, () => {
  it("finds the cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(3);
  });
  for (const dir of cases) {
    it(`reproduces ${dir.split("/").pop()}`, async () => {
      const r = await runPyTorchParityCase(dir);
      expect(r.problems).toEqual([]);
      expect(r.ok).toBe(true);
    });
  }
});
