/**
 * Vega-Lite specifications of the training plots. Each takes plain rows (as metrics.json holds them) and
 * returns a chart description; render.ts turns it into SVG/PNG. Losses, learning rates and update ratios
 * span decades, so they are drawn on log axes.
 */
import type { TopLevelSpec } from "vega-lite";

export interface MetricsFile {
  readonly source?: string;
  readonly epochs: readonly Record<string, unknown>[];
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

function lineChart(title: string, rows: Row[], xTitle: string, yTitle: string, opts: { logY?: boolean; logX?: boolean; rule?: number } = {}): TopLevelSpec {
  const line = {
    mark: { type: "line" as const, point: rows.length <= 60 },
    encoding: {
      x: { field: "x", type: "quantitative" as const, title: xTitle, scale: opts.logX ? { type: "log" as const } : { zero: false }, axis: opts.logX ? { format: ".0e" } : { format: "d", tickMinStep: 1 } },
      y: { field: "y", type: "quantitative" as const, title: yTitle, scale: opts.logY ? { type: "log" as const } : { zero: false } },
      color: { field: "series", type: "nominal" as const, title: null },
    },
  };
  const layers: object[] = [line];
  if (opts.rule !== undefined) layers.push({ data: { values: [{ y: opts.rule }] }, mark: { type: "rule", strokeDash: [4, 4], color: "gray" }, encoding: { y: { field: "y", type: "quantitative" } } });
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

/** The plots of one training run: loss, accuracy (classification), learning rate, update/weight ratio (when recorded). */
export function trainingPlots(m: MetricsFile): Plot[] {
  const plots: Plot[] = [];
  const loss = seriesRows(m.epochs, [["train_loss", "train"], ["val_loss", "validation"]], true);
  plots.push({ name: "loss", title: "Loss", spec: lineChart("Loss", loss, "epoch", "loss (log)", { logY: true }) });
  const acc = seriesRows(m.epochs, [["train_accuracy", "train"], ["val_accuracy", "validation"]], false);
  if (acc.length > 0) plots.push({ name: "accuracy", title: "Accuracy", spec: lineChart("Accuracy", acc, "epoch", "accuracy") });
  const lr = seriesRows(m.epochs, [["lr", "learning rate"]], true);
  plots.push({ name: "lr", title: "Learning rate", spec: lineChart("Learning rate (at the start of each epoch)", lr, "epoch", "lr (log)", { logY: true }) });
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
    plots.push({ name: "update-ratio", title: "Update/weight ratio", spec: lineChart("Update/weight ratio per layer (first step of each epoch; dashed: 1e-3)", ratio, "epoch", "‖Δw‖ / ‖w‖ (log)", { logY: true, rule: 1e-3 }) });
  return plots;
}

/** The LR range test: smoothed and raw loss against the learning rate, with the suggestion marked. */
export function lrFindPlot(points: readonly { lr: number; loss: number; smoothed: number }[], suggestion: number | undefined): Plot {
  const rows: Row[] = [];
  for (const p of points) {
    if (p.loss > 0) rows.push({ x: p.lr, y: p.loss, series: "loss" });
    if (p.smoothed > 0) rows.push({ x: p.lr, y: p.smoothed, series: "smoothed" });
  }
  const spec = lineChart(suggestion !== undefined ? `LR range test (suggested lr ${suggestion.toExponential(2)})` : "LR range test", rows, "learning rate (log)", "loss (log)", { logX: true, logY: true }) as { layer: object[] };
  if (suggestion !== undefined) spec.layer.push({ data: { values: [{ x: suggestion }] }, mark: { type: "rule", color: "firebrick" }, encoding: { x: { field: "x", type: "quantitative" } } });
  return { name: "lr-find", title: "LR range test", spec: spec as unknown as TopLevelSpec };
}
