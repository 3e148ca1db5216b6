import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "../../grammar/index.ts";
import { check, lookup, registry } from "../../compiler/index.ts";
import type { Plan } from "../../compiler/index.ts";

const root = path.resolve(import.meta.dirname, "../../examples");

function specs(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const full = path.join(dir, f);
    if (statSync(full).isDirectory()) return specs(full);
    return f.endsWith(".nn") ? [full] : [];
  });
}

function checkFile(file: string): { diagnostics: string[]; plan: Plan | undefined } {
  const source = readFileSync(file, "utf8");
  const parsed = parse(source);
  const result = check(parsed.file, { source: file, baseDir: path.dirname(file) });
  return { diagnostics: [...parsed.diagnostics, ...result.diagnostics].map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column} ${d.message}`), plan: result.plan };
}

const files = specs(root);
const plans = new Map(files.map((f) => [f, checkFile(f)]));

describe("examples", () => {
  it.each(files.map((f) => [path.relative(root, f)]))("%s checks without any diagnostic", (rel) => {
    const r = plans.get(path.join(root, rel));
    expect(r?.diagnostics).toEqual([]);
    expect(r?.plan).toBeDefined();
  });

  it("use every optimizer and every schedule family at least once", () => {
    const optimizers = new Set<string>();
    const schedules = new Set<string>();
    const visit = (s: NonNullable<Plan["schedules"]["lr"]>): void => {
      schedules.add(s.kind);
      if (s.kind === "sequence") s.items.forEach(visit);
    };
    for (const { plan } of plans.values()) {
      if (plan === undefined) continue;
      optimizers.add(plan.optimizer.name);
      for (const s of Object.values(plan.schedules)) if (s !== undefined) visit(s);
    }
    const all = (role: "optimizer" | "schedule") => registry.filter((e) => e.role === role).map((e) => e.name).sort();
    expect([...optimizers].sort()).toEqual(all("optimizer"));
    expect([...schedules].filter((k) => k !== "sequence").sort()).toEqual(all("schedule"));
    expect(lookup("schedule", "step")).toBeDefined();
  });

  it("fashion-mlp is the 784-256-128-10 recipe with 235,146 parameters", () => {
    const plan = plans.get(path.join(root, "fashion-mlp.nn"))?.plan;
    expect(plan?.parameterCount).toBe(235146);
    expect(plan?.training).toMatchObject({ epochs: 20, batchSize: 128, earlyStopping: { metric: "validation.accuracy", restoreBest: true }, ema: { decay: 0.999 } });
    expect(plan?.data?.preprocess.map((p) => p.kind)).toEqual(["scale", "standardize"]);
  });
});
