/**
 * Generated modules export what runtime/generated-module.ts says: the CLI imports a compiled spec as a
 * GeneratedModule and a data-parallel worker builds its replica from `Model` and `SEED`. The assignments
 * below are checked by the type checker (npm run typecheck) on committed examples of both optimizer kinds.
 */
import { describe, expect, it } from "vitest";
import * as xor from "../../examples/xor.nn.ts";
import * as lbfgs from "../../examples/optimizers/lbfgs.nn.ts";
import type { GeneratedModule } from "../../runtime/index.ts";

const modules: Record<string, GeneratedModule> = { xor, lbfgs };

describe("a generated module", () => {
  for (const [name, m] of Object.entries(modules)) {
    it(`${name}: new Model(SEED) is the model createModel() makes, with the module's definition`, () => {
      const made = m.createModel();
      const built = new m.Model(m.SEED);
      expect(Array.from(built.params)).toEqual(Array.from(made.params));
      expect(built.definition).toEqual(m.DEFINITION);
      expect(built.definition.inputSize).toBe(m.INPUT_SIZE);
      expect(built.definition.outputSize).toBe(m.OUTPUT_SIZE);
    });
  }
});
