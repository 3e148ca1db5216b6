import type { SettingsSpec } from "../types.ts";
import { DEFAULT_KEEP_LAST } from "../../../runtime/train/keep-last.ts";
import { BOOLEAN, DURATION, INTEGER, NUMBER, REFERENCE, SCHEDULE, oneOf, opt, req } from "../params.ts";
import { atLeastOne, nonNegative, positive, range } from "../range.ts";

export const trainSettings: SettingsSpec = {
  block: "train",
  settings: [
    req("optimizer", { kind: "call", role: "optimizer" }, "the optimizer, with PyTorch's names and defaults"),
    opt("epochs", INTEGER, undefined, "number of passes over the training set", atLeastOne),
    opt("steps", INTEGER, undefined, "number of optimizer steps", atLeastOne),
    opt("batch_size", INTEGER, 32, "samples per batch", atLeastOne),
    opt("shuffle", BOOLEAN, true, "reshuffle the training set every epoch"),
    opt("seed", INTEGER, 0, "seed of all randomness (init, shuffle, dropout)", nonNegative),
    opt("precision", oneOf("f32", "f64"), "f32", "floating-point precision"),
    opt("accumulate", INTEGER, 1, "accumulate gradients over N batches per step", atLeastOne),
    opt("evaluate_every", DURATION, { amount: 1, unit: "epochs" }, "validation frequency"),
    opt(
      "checkpoint_every",
      DURATION,
      undefined,
      "checkpoint frequency (default: at the end only); each periodic checkpoint also keeps a numbered snapshot",
    ),
    opt(
      "keep_last",
      INTEGER,
      DEFAULT_KEEP_LAST,
      "numbered snapshots of checkpoint_every kept in snapshots/; older ones are deleted",
      atLeastOne,
    ),
    opt("metrics", { kind: "calls", role: "metric" }, undefined, "reported metrics (default [loss, accuracy])"),
    opt("regularize", { kind: "calls", role: "regularizer" }, [], "loss penalty terms"),
    opt(
      "noise",
      { kind: "calls", role: "noise" },
      [],
      "noise on the weights or gradients of each training step: weight_noise(std), gradient_noise(eta, gamma)",
    ),
    opt("max_norm", NUMBER, undefined, "rescale each unit's incoming weights to norm ≤ c after each step", positive),
    opt("clip_grad_norm", NUMBER, undefined, "clip the global gradient norm", positive),
    opt("clip_grad_value", NUMBER, undefined, "clip each gradient element", positive),
    opt(
      "on_nan",
      oneOf("stop", "skip_batch", "restore_last"),
      "stop",
      "what to do when the loss, a gradient or a parameter becomes NaN or Inf",
    ),
    opt(
      "snapshot_ensemble",
      BOOLEAN,
      false,
      "save a snapshot at the end of each cosine_restarts cycle and evaluate their averaged predictions",
    ),
  ],
  blocks: ["schedule", "early_stopping", "ema"],
};

export const scheduleSettings: SettingsSpec = {
  block: "schedule",
  settings: ["lr", "momentum", "beta1", "weight_decay", "dropout", "ema", "weight_noise", "gradient_noise"].map((name) =>
    opt(name, SCHEDULE, undefined, `schedule of ${name}`),
  ),
  blocks: [],
};

export const earlyStoppingSettings: SettingsSpec = {
  block: "early_stopping",
  settings: [
    opt("metric", REFERENCE, "validation.loss", "monitored metric `<set>.<loss|accuracy|top_k>`"),
    opt("patience", INTEGER, 5, "evaluations without improvement before stopping", nonNegative),
    opt("min_delta", NUMBER, 0, "smallest change that counts as improvement", nonNegative),
    opt("restore_best", BOOLEAN, true, "restore the best weights at the end"),
  ],
  blocks: [],
};

export const emaSettings: SettingsSpec = {
  block: "ema",
  settings: [
    opt(
      "decay",
      NUMBER,
      0.999,
      "weight of the running average; after step t the weight used is min(decay, (1 + t)/(10 + t)), a warm-up",
      range("[0, 1)"),
    ),
  ],
  blocks: [],
};
