import { oneOf } from "../../registry/params.ts";

/** Where a statistic is computed: over all values, per input feature, or per channel of an image. */
export type Over = "global" | "per_feature" | "per_channel";

export const over = oneOf("global", "per_feature", "per_channel");
