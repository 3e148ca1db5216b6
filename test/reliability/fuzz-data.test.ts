/**
 * A bounded run of the hostile-data fuzzer (`npm run fuzz -- --data` runs long campaigns): IDX and CSV
 * files that are malformed, explosive (gzip bombs, headers declaring gigabytes) or not regular files,
 * under hostile names, through the real loaders. Each load returns a consistent data set or a one-line,
 * escaped DataError naming the file, without blocking or allocating beyond what the header declares.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fuzzDataOne, hostileFileArb } from "./fuzz/hostile-data.ts";

describe("hostile data files", () => {
  it("every loader keeps its promises on 200 generated files", () => {
    fc.assert(
      fc.property(hostileFileArb, (f) => {
        expect(fuzzDataOne(f), f.origin).toEqual([]);
      }),
      { numRuns: 200, seed: 15015 },
    );
  }, 180_000);
});
