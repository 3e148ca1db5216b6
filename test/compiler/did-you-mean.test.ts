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
});
