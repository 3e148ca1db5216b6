import type { SettingsSpec } from "../types.ts";
import { INITIALIZER, INTEGERS, opt, req } from "../params.ts";

export const modelSettings: SettingsSpec = {
  block: "model",
  settings: [
    req("input", INTEGERS, "input shape: [features] or [channels, height, width]"),
    opt("weight_init", INITIALIZER, undefined, "model-wide weight initializer (default pytorch_default)"),
    opt("bias_init", INITIALIZER, undefined, "model-wide bias initializer (default pytorch_default)"),
    req("loss", { kind: "call", role: "loss" }, "the loss on the last layer's output"),
  ],
  blocks: [],
};

/** Keys allowed inside a layer's `{ }`. */
export const layerOverrides: SettingsSpec = {
  block: "layer",
  settings: [
    opt("weight_init", INITIALIZER, undefined, "this layer's weight initializer"),
    opt("bias_init", INITIALIZER, undefined, "this layer's bias initializer"),
    opt("lr_mult", { kind: "number" }, 1, "learning-rate multiplier", {
      min: 0,
      max: Infinity,
      minInclusive: true,
      maxInclusive: false,
      text: "[0, ∞)",
    }),
    opt("wd_mult", { kind: "number" }, 1, "weight-decay multiplier", {
      min: 0,
      max: Infinity,
      minInclusive: true,
      maxInclusive: false,
      text: "[0, ∞)",
    }),
    opt("freeze", { kind: "boolean" }, false, "keep the parameters fixed"),
  ],
  blocks: [],
};
