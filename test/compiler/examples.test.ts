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
  return {
    diagnostics: [...parsed.diagnostics, ...result.diagnostics].map(
      (d) => `${d.code} ${d.span.start.line}:${d.span.start.column} ${d.message}`,
    ),
    plan: result.plan,
  };
}

const files = specs(root);
const plans = new Map(files.map((f) => [f, checkFile(f)]));

describe("examples", () => {
  // The init study reproduces the lecture's bad initializations on purpose; the lint that warns about
  // each is part of the lesson, so those two are expected and asserted instead.
  const lessons: Record<string, string> = {
    "init-study/relu-xavier.nn": "NN5003",
    "init-study/tanh-small-gaussian.nn": "NN5004",
  };
  it.each(files.map((f) => [path.relative(root, f)]))("%s checks without any diagnostic (or only its lesson's lint)", (rel) => {
    const r = plans.get(path.join(root, rel));
    const lesson = lessons[rel];
    if (lesson === undefined) expect(r?.diagnostics).toEqual([]);
    else {
      expect(r?.diagnostics.length).toBeGreaterThan(0);
      expect(r?.diagnostics.every((d) => d.startsWith(`${lesson} `))).toBe(true);
    }
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
    const all = (role: "optimizer" | "schedule") =>
      registry
        .filter((e) => e.role === role)
        .map((e) => e.name)
        .sort();
    expect([...optimizers].sort()).toEqual(all("optimizer"));
    expect([...schedules].filter((k) => k !== "sequence").sort()).toEqual(all("schedule"));
    expect(lookup("schedule", "step")).toBeDefined();
  });

  it("fashion-mlp is the 784-512-256-10 recipe with 535,818 parameters", () => {
    const plan = plans.get(path.join(root, "fashion-mlp.nn"))?.plan;
    expect(plan?.parameterCount).toBe(784 * 512 + 512 + 512 * 256 + 256 + 256 * 10 + 10);
    expect(plan?.training).toMatchObject({
      epochs: 20,
      batchSize: 128,
      earlyStopping: { metric: "validation.accuracy", restoreBest: true },
      ema: { decay: 0.999 },
    });
    expect(plan?.data?.preprocess.map((p) => p.kind)).toEqual(["scale", "standardize"]);
  });
});
