/**
 * A bounded run of the compiler fuzzer (scripts/fuzz.ts runs the long campaigns): mutants of the example
 * specs and random text through check, fmt and compile, with a fixed seed so CI is reproducible. Plus the
 * regression found by the first campaign.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exampleSpecs, examplesDir, fuzzInputArb } from "./fuzz/mutate.ts";
import { fuzzOne } from "./fuzz/properties.ts";

describe("compiler fuzzing", () => {
  it("check, fmt and compile never throw, give well-formed diagnostics and format idempotently on 300 inputs", async () => {
    const examples = exampleSpecs();
    await fc.assert(
      fc.asyncProperty(fuzzInputArb(examples), async (input) => {
        // Compiling is ~100× dearer than checking; CI compiles every 10th clean spec.
        const outcome = await fuzzOne(input.text, examplesDir, { compile: input.text.length % 10 === 0 });
        expect(outcome.failures, input.origin).toEqual([]);
      }),
      { numRuns: 300, seed: 424242 },
    );
  }, 120_000);

  it("checks a spec whose early_stopping and reduce_on_plateau use their default metric (a campaign's crash)", async () => {
    const text = (await import("node:fs")).readFileSync(`${examplesDir}/schedules/plateau.nn`, "utf8");
    const stripped = text.replace(/metric\s*=\s*[a-z_.]+\s*,?/g, "");
    const outcome = await fuzzOne(stripped, examplesDir, { compile: false });
    expect(outcome.failures).toEqual([]);
    expect(outcome.clean).toBe(true);
  });
});
