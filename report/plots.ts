/**
 * Vega-Lite specifications of the training plots. Each takes plain rows (as metrics.json holds them) and
 * returns a chart description; render.ts turns it into SVG/PNG. Losses, learning rates and update ratios
 * span decades, so they are drawn on log axes, each fitted to its data (Vega's "nice" log domain rounds
 * out to whole decades, which squeezed a loss between 0.3 and 0.6 into a sliver of a 0.1–10 axis).
 * Per-step series (metrics.json `per_step`) show what an epoch's mean hides: a warm-up, a spike.
 */
import type { TopLevelSpec } from "vega-lite";

export interface MetricsFile {
  readonly source?: string;
  readonly epochs: readonly Record<string, unknown>[];
  /** Per optimizer step: `loss`, `lr`, and any other recorded series (index i is step i + 1). */
  readonly per_step?: Readonly<Record<string, readonly unknown[]>>;
  readonly steps?: number;
  readonly paused?: { readonly reason: string; readonly epoch: number; readonly step: number };
  readonly test_loss?: number;
  readonly test_accuracy?: number | null;
  readonly best_epoch?: number | null;
  readonly stopped_early?: boolean;
}

export interface Plot {
  readonly name: string;
  readonly title: string;
  readonly spec: TopLevelSpec;
}

interface Row {
  x: number;
  y: number;
  series: string;
}

const WIDTH = 520;
const HEIGHT = 260;

function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

function seriesRows(epochs: readonly Record<string, unknown>[], fields: readonly [string, string][], positive: boolean): Row[] {
  const rows: Row[] = [];
  for (const e of epochs) {
    const x = num(e.epoch);
    if (x === undefined) continue;
    for (const [field, series] of fields) {
      const y = num(e[field]);
      if (y !== undefined && (!positive || y > 0)) rows.push({ x, y, series });
    }
  }
  return rows;
}

/** A log scale over the data's own range, widened by a few percent so the extremes sit inside the frame. */
export function fittedLogScale(values: readonly number[]): { type: "log"; nice: false; domain: [number, number] } | { type: "log" } {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (positive.length === 0) return { type: "log" };
  let lo = positive[0];
  let hi = positive[0];
  for (const v of positive) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const pad = Math.max(1.05, Math.pow(hi / lo, 0.04));
  return { type: "log", nice: false, domain: [lo / pad, hi * pad] };
}

function lineChart(
  title: string,
  rows: Row[],
  xTitle: string,
  yTitle: string,
  opts: { logY?: boolean; logX?: boolean; rule?: number; points?: Row[] } = {},
): TopLevelSpec {
  const all = opts.points ? [...rows, ...opts.points] : rows;
  const yScale = opts.logY ? fittedLogScale([...all.map((r) => r.y), ...(opts.rule !== undefined ? [opts.rule] : [])]) : { zero: false };
  const color = { field: "series", type: "nominal" as const, title: null };
  const line = {
    mark: { type: "line" as const, point: rows.length <= 60, strokeWidth: rows.length > 200 ? 1 : 2 },
    encoding: {
      x: {
        field: "x",
        type: "quantitative" as const,
        title: xTitle,
        scale: opts.logX ? { type: "log" as const } : { zero: false },
        axis: opts.logX ? { format: ".0e" } : { format: "d", tickMinStep: 1 },
      },
      y: { field: "y", type: "quantitative" as const, title: yTitle, scale: yScale },
      color,
    },
  };
  const layers: object[] = [line];
  // Per-epoch values drawn as points over a per-step line (x is the step at the epoch's end).
  if (opts.points && opts.points.length > 0) {
    layers.push({
      data: { values: opts.points },
      mark: { type: "point", filled: true, size: 40 },
      encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" }, color },
    });
  }
  if (opts.rule !== undefined)
    layers.push({
      data: { values: [{ y: opts.rule }] },
      mark: { type: "rule", strokeDash: [4, 4], color: "gray" },
      encoding: { y: { field: "y", type: "quantitative" } },
    });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    width: WIDTH,
    height: HEIGHT,
    background: "white",
    data: { values: rows },
    layer: layers,
  } as TopLevelSpec;
}

/** Most points a per-step line is drawn with: longer runs are averaged over equal runs of steps. */
export const MAX_STEP_POINTS = 1500;

/**
 * One per-step series as rows at x = step (1-based). Over MAX_STEP_POINTS steps, `mean` averages each run
 * of steps (a noisy loss) and `last` keeps each run's last value (a rate, whose shape must stay exact).
 */
export function stepRows(values: readonly unknown[] | undefined, series: string, reduce: "mean" | "last", positive: boolean): Row[] {
  if (!Array.isArray(values)) return [];
  const stride = Math.max(1, Math.ceil(values.length / MAX_STEP_POINTS));
  const rows: Row[] = [];
  for (let start = 0; start < values.length; start += stride) {
    const end = Math.min(values.length, start + stride);
    let sum = 0;
    let n = 0;
    for (let i = start; i < end; i++) {
      const v = num(values[i]);
      if (v !== undefined && (!positive || v > 0)) {
        sum += v;
        n += 1;
      }
    }
    const last = num(values[end - 1]);
    const y = reduce === "mean" ? (n > 0 ? sum / n : undefined) : last !== undefined && (!positive || last > 0) ? last : undefined;
    if (y !== undefined) rows.push({ x: end, y, series });
  }
  return rows;
}

/** Epoch values placed on the step axis (metrics.json's `step` of each epoch). */
function epochPointsOnSteps(epochs: readonly Record<string, unknown>[], fields: readonly [string, string][]): Row[] {
  const rows: Row[] = [];
  for (const e of epochs) {
    const x = num(e.step);
    if (x === undefined) continue;
    for (const [field, series] of fields) {
      const y = num(e[field]);
      if (y !== undefined && y > 0) rows.push({ x, y, series });
    }
  }
  return rows;
}

/** The plots of one training run: loss per epoch and per step, accuracy (classification), learning rate, update/weight ratio (when recorded). */
export function trainingPlots(m: MetricsFile): Plot[] {
  const plots: Plot[] = [];
  const loss = seriesRows(
    m.epochs,
    [
      ["train_loss", "train"],
      ["val_loss", "validation"],
    ],
    true,
  );
  plots.push({ name: "loss", title: "Loss per epoch", spec: lineChart("Loss per epoch", loss, "epoch", "loss (log)", { logY: true }) });
  const stepLoss = stepRows(m.per_step?.loss, "train, per step", "mean", true);
  if (stepLoss.length > 0) {
    const title = `Loss per step${(m.per_step?.loss?.length ?? 0) > MAX_STEP_POINTS ? " (averaged over runs of steps)" : ""}; points: epoch means`;
    const points = epochPointsOnSteps(m.epochs, [
      ["train_loss", "train, epoch mean"],
      ["val_loss", "validation"],
    ]);
    plots.push({
      name: "loss-steps",
      title: "Loss per step",
      spec: lineChart(title, stepLoss, "step", "loss (log)", { logY: true, points }),
    });
  }
  const acc = seriesRows(
    m.epochs,
    [
      ["train_accuracy", "train"],
      ["val_accuracy", "validation"],
    ],
    false,
  );
  if (acc.length > 0) plots.push({ name: "accuracy", title: "Accuracy", spec: lineChart("Accuracy", acc, "epoch", "accuracy") });
  const stepLr = stepRows(m.per_step?.lr, "learning rate", "last", true);
  if (stepLr.length > 0) {
    plots.push({
      name: "lr",
      title: "Learning rate",
      spec: lineChart("Learning rate at every step", stepLr, "step", "lr (log)", { logY: true }),
    });
  } else {
    // metrics.json from before per-step records: each epoch's entry holds the rate of its last step.
    const lr = seriesRows(m.epochs, [["lr", "learning rate"]], true);
    plots.push({
      name: "lr",
      title: "Learning rate",
      spec: lineChart("Learning rate (at the last step of each epoch)", lr, "epoch", "lr (log)", { logY: true }),
    });
  }
  // Any other per-step series (scheduled hyperparameters) share one plot, on the step axis.
  const others = Object.keys(m.per_step ?? {}).filter((k) => k !== "loss" && k !== "lr");
  const otherRows = others.flatMap((k) => stepRows(m.per_step?.[k], k, "last", false));
  if (otherRows.length > 0)
    plots.push({
      name: "hyperparameters",
      title: "Scheduled hyperparameters",
      spec: lineChart("Scheduled hyperparameters at every step", otherRows, "step", "value"),
    });
  const ratio: Row[] = [];
  for (const e of m.epochs) {
    const r = e.update_weight_ratio;
    const x = num(e.epoch);
    if (x === undefined || typeof r !== "object" || r === null) continue;
    for (const [tensor, v] of Object.entries(r as Record<string, unknown>)) {
      const y = num(v);
      if (y !== undefined && y > 0) ratio.push({ x, y, series: tensor });
    }
  }
  if (ratio.length > 0)
    plots.push({
      name: "update-ratio",
      title: "Update/weight ratio",
      spec: lineChart("Update/weight ratio per layer (first step of each epoch; dashed: 1e-3)", ratio, "epoch", "‖Δw‖ / ‖w‖ (log)", {
        logY: true,
        rule: 1e-3,
      }),
    });
  return plots;
}

/** The LR range test: smoothed and raw loss against the learning rate, with the suggestion marked. */
export function lrFindPlot(points: readonly { lr: number; loss: number; smoothed: number }[], suggestion: number | undefined): Plot {
  const rows: Row[] = [];
  for (const p of points) {
    if (p.loss > 0) rows.push({ x: p.lr, y: p.loss, series: "loss" });
    if (p.smoothed > 0) rows.push({ x: p.lr, y: p.smoothed, series: "smoothed" });
  }
  const spec = lineChart(
    suggestion !== undefined ? `LR range test (suggested lr ${suggestion.toExponential(2)})` : "LR range test",
    rows,
    "learning rate (log)",
    "loss (log)",
    { logX: true, logY: true },
  ) as { layer: object[] };
  if (suggestion !== undefined)
    spec.layer.push({
      data: { values: [{ x: suggestion }] },
      mark: { type: "rule", color: "firebrick" },
      encoding: { x: { field: "x", type: "quantitative" } },
    });
  return { name: "lr-find", title: "LR range test", spec: spec as unknown as TopLevelSpec };
}
