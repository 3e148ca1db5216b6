import { NUMBER, REFERENCE, req } from "../../registry/params.ts";
import { openUnit } from "../../registry/range.ts";
import type { SplitDefinition } from "./definition.ts";

export const split: SplitDefinition = {
  kind: "split",
  entry: {
    name: "split",
    role: "source",
    params: [req("from", REFERENCE, "the data set to split: train"), req("fraction", NUMBER, "fraction held out for validation", openUnit)],
    doc: "Hold out a seeded random fraction of the training rows for validation.",
    details:
      "validation = split(train, 0.1) evaluates on ⌈10%⌉ of the training rows drawn at random with the spec's seed (the same rows every run; " +
      "each part keeps file order) and trains on the rest. Random rather than the last rows, because data files are often sorted by class.",
  },
  plan: (a) => ({ kind: "split", fraction: a.number("fraction") }),
};
