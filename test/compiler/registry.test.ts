import { describe, expect, it } from "vitest";
import { inRange, lookup, registry } from "../../compiler/index.ts";

describe("the registry", () => {
  it("has a doc line and a formula/usage text for every entry", () => {
    for (const e of registry) {
      expect(e.doc.length, e.name).toBeGreaterThan(10);
      expect(e.details.length, e.name).toBeGreaterThan(e.reserved === true ? 10 : 40);
    }
  });

  it("keeps every numeric default inside its own range", () => {
    for (const e of registry) {
      for (const p of e.params) {
        if (p.range === undefined || p.default === undefined) continue;
        const values = typeof p.default === "number" ? [p.default] : Array.isArray(p.default) ? p.default : [];
        for (const v of values) expect(inRange(v, p.range), `${e.name}.${p.name}`).toBe(true);
      }
    }
  });

  it("resolves aliases: linear is dense, kaiming_normal is he_normal", () => {
    expect(lookup("layer", "linear")?.name).toBe("dense");
    expect(lookup("initializer", "kaiming_normal")?.name).toBe("he_normal");
  });

  it("keeps names unique within a role", () => {
    const seen = new Set<string>();
    for (const e of registry) {
      for (const n of [e.name, ...(e.aliases ?? [])]) {
        const key = `${e.role}:${n}`;
        expect(seen.has(key), key).toBe(false);
        seen.add(key);
      }
    }
  });

  it("uses PyTorch's optimizer defaults", () => {
    const def = (opt: string, p: string) => lookup("optimizer", opt)?.params.find((x) => x.name === p)?.default;
    expect(def("adam", "eps")).toBe(1e-8);
    expect(def("adam", "betas")).toEqual([0.9, 0.999]);
    expect(def("adamw", "weight_decay")).toBe(0.01);
    expect(def("rmsprop", "alpha")).toBe(0.99);
    expect(def("adagrad", "eps")).toBe(1e-10);
    expect(def("adadelta", "rho")).toBe(0.9);
    expect(def("nadam", "momentum_decay")).toBe(4e-3);
  });
});
