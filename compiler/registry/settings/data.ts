import type { SettingsSpec } from "../types.ts";
import { INTEGER, opt, req } from "../params.ts";
import { atLeastOne } from "../range.ts";

const SOURCE = { kind: "call", role: "source" } as const;

export const dataSettings: SettingsSpec = {
  block: "data",
  settings: [
    req("train", SOURCE, "the training set"),
    opt("validation", SOURCE, undefined, "a file, or split(train, fraction)"),
    opt("test", SOURCE, undefined, "the test set"),
    opt("preprocess", { kind: "calls", role: "preprocess" }, [], "steps applied in order; statistics from the training set"),
    opt("augment", { kind: "calls", role: "augment" }, [], "random transformations applied to every training batch, in order"),
    opt(
      "tta",
      { kind: "calls", role: "view" },
      [],
      "test-time augmentation: evaluation and prediction average the outputs over the images and these views",
    ),
    opt("classes", INTEGER, undefined, "number of classes (default: maximum label + 1)", atLeastOne),
  ],
  blocks: [],
};
