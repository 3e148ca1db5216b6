import { describe, expect, it } from "vitest";
import { editDistance, suggest } from "../../compiler/index.ts";

describe("did-you-mean", () => {
  it("counts a swap of neighbouring letters as one edit", () => {
    expect(editDistance("adma", "adam")).toBe(1);
    expect(editDistance("relu", "rleu")).toBe(1);
  });

  it("counts insertions, deletions and substitutions", () => {
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("suggests near misses, closest first", () => {
    expect(suggest("adma", ["adam", "adamw", "sgd"])).toEqual(["adam"]);
    expect(suggest("adamx", ["adam", "adamw", "adamax"])).toEqual(["adam", "adamax", "adamw"]);
    expect(suggest("batchsize", ["batch_size", "seed", "epochs"])).toEqual(["batch_size"]);
  });

  it("suggests nothing for an unrelated word", () => {
    expect(suggest("banana", ["adam", "sgd", "rmsprop"])).toEqual([]);
  });

  it("ignores case", () => {
    expect(suggest("ADAM", ["adam"])).toEqual(["adam"]);
  });

  it("offers nothing for names too long to be typos, without building a quadratic table", () => {
    // Two 13,000-letter names once made a 169M-entry table and crashed V8 (found by the fuzzer).
    const long = "x".repeat(13_000);
    expect(suggest(long, [long + "y", "adam"])).toEqual([]);
  });

  it("still suggests for names up to the limit", () => {
    const name = "a".repeat(60);
    expect(suggest(name + "b", [name + "c"])).toEqual([name + "c"]);
  });
});
