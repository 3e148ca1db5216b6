/** `nnc compile`: the module, and beside a spec the `.d.nn.ts` shim that lets TypeScript type `import "./x.nn"`. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nnc, removeTempSpecs, tempSpecs } from "./run.ts";

afterAll(removeTempSpecs);

const spec = `data {
  train = csv("train.csv", label = 2)
}
model {
  input = [2]
  out: dense(2)
  loss = cross_entropy()
}
train {
  optimizer = sgd(lr = 0.1)
  epochs = 1
  batch_size = 4
}
`;

describe("nnc compile", () => {
  it("writes FILE.nn.ts beside the spec and the FILE.d.nn.ts shim that re-exports its types", () => {
    const dir = tempSpecs({ "xor.nn": spec });
    const r = nnc(["compile", join(dir, "xor.nn")]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(dir, "xor.nn.ts"), "utf8")).toContain("export function createModel");
    expect(readFileSync(join(dir, "xor.d.nn.ts"), "utf8")).toContain('export * from "./xor.nn.ts";');
  });

  it("writes only the module when -o names another place", () => {
    const dir = tempSpecs({ "xor.nn": spec });
    const r = nnc(["compile", join(dir, "xor.nn"), "-o", join(dir, "elsewhere.ts")]);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(dir, "elsewhere.ts"))).toBe(true);
    expect(existsSync(join(dir, "xor.d.nn.ts"))).toBe(false);
  });
});
