/**
 * How the report writes numbers, one rule per kind of quantity so a column never mixes styles (the table
 * printed `0.01000` above `9.550e-4` in one lr column, and losses with 3 to 5 decimals): losses and
 * accuracies with 4 decimals (as the terminal's epoch lines), rates in exponent form, seconds with one
 * decimal, counts as integers. A column whose values reach below 1e-3 or above 1e5 is written in exponent
 * form throughout.
 */
export type NumberKind = "fixed4" | "exponent" | "seconds" | "integer";

/** The kind of a metrics.json field, by its name. */
export function kindOf(field: string): NumberKind {
  if (field === "lr" || field.endsWith("_lr") || field === "update_weight_ratio") return "exponent";
  if (field === "seconds") return "seconds";
  if (
    field === "epoch" ||
    field === "step" ||
    field === "steps" ||
    field === "samples_per_second" ||
    field.endsWith("_batches") ||
    field === "best_epoch"
  )
    return "integer";
  return "fixed4";
}

function fitsFixed(values: readonly number[]): boolean {
  return values.every((v) => v === 0 || (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5));
}

/** A formatter for a whole column of one kind: fixed-point when every value reads well so, else exponent. */
export function columnFormatter(kind: NumberKind, values: readonly number[]): (v: number) => string {
  const finite = values.filter((v) => Number.isFinite(v));
  switch (kind) {
    case "integer":
      return (v) => (Number.isFinite(v) ? String(Math.round(v)) : String(v));
    case "seconds":
      return (v) => (Number.isFinite(v) ? v.toFixed(1) : String(v));
    case "exponent":
      return (v) => (Number.isFinite(v) ? v.toExponential(2) : String(v));
    case "fixed4": {
      const fixed = fitsFixed(finite);
      return (v) => (!Number.isFinite(v) ? String(v) : fixed ? v.toFixed(4) : v.toExponential(3));
    }
  }
}
