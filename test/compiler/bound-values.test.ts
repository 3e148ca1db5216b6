import { describe, expect, it } from "vitest";
import { emptySpan } from "../../grammar/span.ts";
import type { Diagnostic } from "../../grammar/span.ts";
import { bindArgs } from "../../compiler/bind.ts";
import { lookup } from "../../compiler/registry/index.ts";
import type { ArgValue, CallValue, Value } from "../../compiler/values.ts";

const span = emptySpan;
const number = (value: number): Value => ({ kind: "number", value, span });
const arg = (name: string, value: Value): ArgValue => ({ name, nameSpan: span, value, span });

/** Binds `name(args)` of `role` against the real registry entry. */
function bind(role: "optimizer" | "schedule", name: string, args: ArgValue[]) {
  const call: CallValue = { kind: "call", name, nameSpan: span, args, hasParens: true, span };
  const out: Diagnostic[] = [];
  const entry = lookup(role, name);
  if (entry === undefined) throw new Error(`no ${role} ${name}`);
  const bound = bindArgs(call, entry, { out, baseDir: "/specs" });
  expect(out).toEqual([]);
  if (bound === undefined) throw new Error("binding failed");
  return bound;
}

describe("typed reads of bound arguments", () => {
  it("reads given values and PyTorch defaults by their parameter types", () => {
    const adam = bind("optimizer", "adam", [arg("lr", number(0.01))]);
    expect(adam.args.number("lr")).toBe(0.01);
    expect(adam.args.given("lr")).toBe(true);
    // torch.optim.Adam's defaults: betas (0.9, 0.999), amsgrad False.
    expect(adam.args.numbers("betas")).toEqual([0.9, 0.999]);
    expect(adam.args.boolean("amsgrad")).toBe(false);
    expect(adam.args.given("betas")).toBe(false);
  });

  it("reads a parameter without a default as undefined through .optional, and refuses a plain read of it", () => {
    const lbfgs = bind("optimizer", "lbfgs", []);
    expect(lbfgs.args.optional.number("max_eval")).toBeUndefined();
    expect(() => lbfgs.args.number("max_eval")).toThrow("`max_eval` of `lbfgs` has no value (read it with .optional)");
  });

  it("names the entry and key when compiler code misspells a key or reads the wrong type", () => {
    const sgd = bind("optimizer", "sgd", [arg("lr", number(0.1))]);
    expect(() => sgd.args.number("learning_rate")).toThrow("`sgd` has no parameter `learning_rate`");
    expect(() => sgd.args.optional.number("learning_rate")).toThrow("`sgd` has no parameter `learning_rate`");
    expect(() => sgd.args.boolean("lr")).toThrow("`lr` of `sgd` is not a boolean");
    expect(sgd.args.declares("nesterov")).toBe(true);
    expect(sgd.args.declares("amsgrad")).toBe(false);
  });

  it("reads a duration argument with its unit", () => {
    const cosine = bind("schedule", "cosine", [arg("T", { kind: "duration", amount: 3, unit: "epochs", span })]);
    expect(cosine.args.duration("T")).toEqual({ amount: 3, unit: "epochs" });
  });
});
