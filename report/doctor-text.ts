/** The text `nnc doctor` prints: one section per check, each ending in a verdict line. */
import type { GradientCheckResult, InitialLossCheck, LayerActivationStats, OverfitCheck, UpdateRatioRow } from "../runtime/index.ts";
import { RATIO_HIGH, RATIO_LOW } from "../runtime/index.ts";
import { formatTable, percent, sig } from "./table.ts";

const mark = (ok: boolean) => (ok ? "PASS" : "FAIL");

export function initialLossText(c: InitialLossCheck): string {
  return [
    `[${mark(c.ok)}] initial loss ${c.loss.toFixed(4)} (expected ${c.expected === undefined ? c.expectedFormula : `${c.expectedFormula} = ${c.expected.toFixed(4)}`})`,
    `       ${c.lossVerdict}`,
    `       ${c.penaltyVerdict}`,
  ].join("\n");
}

export function overfitText(c: OverfitCheck): string {
  return `[${mark(c.ok)}] overfit ${c.rows} examples: ${c.verdict}`;
}

export function gradientText(r: GradientCheckResult, tolerance: number): string {
  const ok = r.worst === undefined || r.worst.relativeError <= tolerance;
  const worst = r.worst
    ? `worst relative error ${r.worst.relativeError.toExponential(2)} at ${r.worst.tensor}[${r.worst.index}] (analytic ${sig(r.worst.analytic)}, numeric ${sig(r.worst.numeric)})`
    : "no parameters";
  return `[${mark(ok)}] float64 gradient check of ${r.checked} elements: ${worst}, tolerance ${tolerance.toExponential(0)}`;
}

export function activationText(rows: readonly LayerActivationStats[]): string {
  const bad = rows.filter((r) => r.verdict !== "ok");
  const table = formatTable(
    ["layer", "mean", "std", "saturated", "dead", "verdict"],
    rows.map((r, i) => [`${i + 1} ${r.label}`, sig(r.mean), sig(r.std), percent(r.saturated), percent(r.dead), r.verdict]),
  );
  const summary =
    bad.length === 0
      ? "activations keep their spread through every layer"
      : `${bad.length} of ${rows.length} layers ${[...new Set(bad.map((b) => b.verdict))].join(" / ")}`;
  return `[${mark(bad.length === 0)}] activation statistics at initialization: ${summary}\n${indent(table)}`;
}

export function ratioText(rows: readonly UpdateRatioRow[], steps: number): string {
  const bad = rows.filter((r) => r.verdict !== "ok");
  const table = formatTable(
    ["tensor", "update/weight", "verdict"],
    rows.map((r) => [r.tensor, sig(r.ratio), r.verdict]),
  );
  const advice = bad.some((b) => b.verdict === "too low")
    ? " — raise the learning rate"
    : bad.some((b) => b.verdict === "too high")
      ? " — lower the learning rate"
      : "";
  const head = `update/weight ratio over the first ${steps} steps (target ≈ 1e-3, accepted ${RATIO_LOW.toExponential(0)} … ${RATIO_HIGH.toExponential(0)})${advice}`;
  return `[${mark(bad.length === 0)}] ${head}\n${indent(table)}`;
}

function indent(s: string): string {
  return s
    .split("\n")
    .map((l) => "       " + l)
    .join("\n");
}
