/**
 * `nnc sweep`: random (or grid) search over a spec's distributions, coarse-to-fine refinement, a results
 * table sorted by the validation metric, and the lecture's warning when the best value sits at the edge
 * of its range. Each trial is the spec with every distribution replaced by a sampled number, trained with
 * seed trialSeed(base seed, trial index), so the whole sweep — and any one trial — is reproducible.
 */
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { analyze } from "../../compiler/index.ts";
import { formatDiagnostic } from "../../compiler/index.ts";
import { labelDimensions, substitute, formatNumber } from "../../compiler/index.ts";
import type { LabeledDimension } from "../../compiler/index.ts";
import { writeFileAtomic } from "../../runtime/checkpoint/atomic.ts";
import type { Dimension } from "../../runtime/practice/search/dimension.ts";
import { describeDimension } from "../../runtime/practice/search/dimension.ts";
import { gridTrials, randomTrials, trialSeed } from "../../runtime/practice/search/sample.ts";
import { edgeWarnings, refineSpace, type EdgeWarning } from "../../runtime/practice/search/refine.ts";
import { readSpec } from "../read-spec.ts";
import { requireDataBlock } from "../require-data.ts";
import { SpecError, UsageError } from "../errors.ts";
import { runTrials } from "./pool.ts";
import type { TrialOutcome } from "./trial.ts";

export interface SweepOptions {
  readonly specPath: string;
  readonly trials: number;
  readonly epochs: number | undefined;
  readonly grid: boolean;
  /** Grid points per continuous range. */
  readonly points: number;
  readonly refine: number;
  readonly workers: number;
  readonly outDir: string;
  readonly seed: number | undefined;
  readonly metric: "validation.accuracy" | "validation.loss" | undefined;
  readonly log?: (line: string) => void;
}

export interface SweepRow {
  readonly rank: number;
  readonly round: number;
  readonly trial: number;
  readonly seed: number;
  readonly values: Record<string, number>;
  readonly val_accuracy: number | null;
  readonly val_loss: number | null;
  readonly train_loss: number | null;
  readonly seconds: number;
}

export interface SweepResult {
  readonly metric: string;
  readonly dimensions: readonly Dimension[];
  /** The ranges each round searched (round 0 = the spec's). */
  readonly rounds: readonly (readonly Dimension[])[];
  readonly rows: readonly SweepRow[];
  readonly warnings: readonly EdgeWarning[];
}

function better(metric: string): (a: TrialOutcome, b: TrialOutcome) => number {
  const acc = (r: TrialOutcome) => r.valAccuracy ?? -Infinity;
  const loss = (r: TrialOutcome) => (r.valLoss === null || !Number.isFinite(r.valLoss) ? Infinity : r.valLoss);
  return metric === "validation.accuracy" ? (a, b) => acc(b) - acc(a) || loss(a) - loss(b) : (a, b) => loss(a) - loss(b) || acc(b) - acc(a);
}

export async function runSweep(o: SweepOptions): Promise<SweepResult> {
  const log = o.log ?? ((line: string) => process.stderr.write(line + "\n"));
  const text = readSpec(o.specPath);
  const checked = analyze(text, { source: o.specPath, baseDir: dirname(resolve(o.specPath)) });
  for (const d of checked.diagnostics) process.stderr.write(formatDiagnostic(d, o.specPath, text) + "\n");
  const plan = checked.plan;
  if (plan === undefined) throw new SpecError(`${o.specPath} has errors; nothing was searched`);
  if (checked.searchSpace.length === 0) {
    throw new UsageError(`${o.specPath} has no distributions to search: write e.g. \`lr = loguniform(1e-4, 1e-1)\` where a number belongs`);
  }
  requireDataBlock(plan, o.specPath, "sweep");
  if (plan.data?.validation === undefined)
    throw new UsageError(`${o.specPath} has no validation set to rank trials by: add \`validation = split(train, 0.2)\``);
  const metric = o.metric ?? (plan.data.task === "classification" ? "validation.accuracy" : "validation.loss");
  const labeled: LabeledDimension[] = labelDimensions(text, checked.searchSpace);
  const original: Dimension[] = labeled.map((d) => ({
    label: d.label,
    kind: d.kind,
    low: d.low,
    high: d.high,
    values: d.values,
    integer: d.integer,
  }));
  const baseSeed = o.seed ?? plan.training.seed;
  mkdirSync(o.outDir, { recursive: true });

  const rows: { outcome: TrialOutcome; values: number[]; round: number }[] = [];
  const rounds: Dimension[][] = [];
  let space = original;
  for (let round = 0; round <= o.refine; round++) {
    rounds.push(space);
    const valueSets = o.grid && round === 0 ? gridTrials(space, o.points) : randomTrials(space, o.trials, baseSeed, rows.length);
    log(`round ${round + 1}: ${valueSets.length} trials over ${space.map((d) => `${d.label} ~ ${describeDimension(d)}`).join(", ")}`);
    const first = rows.length;
    const tasks = valueSets.map((values, i) => ({
      id: first + i,
      text: substitute(text, labeled, values),
      specPath: o.specPath,
      epochs: o.epochs,
      seed: trialSeed(baseSeed, first + i),
      recipe: { kind: "spec" } as const,
    }));
    const outcomes = await runTrials(tasks, o.workers, (r, done) => {
      const vs = valueSets[r.id - first].map((v, k) => `${space[k].label}=${formatNumber(v)}`).join(" ");
      log(
        `  [${done}/${tasks.length}] trial ${r.id + 1} ${vs}: val acc ${r.valAccuracy?.toFixed(4) ?? "-"} loss ${r.valLoss?.toFixed(4) ?? "-"} (${r.seconds.toFixed(1)} s)`,
      );
    });
    outcomes.forEach((outcome, i) => rows.push({ outcome, values: valueSets[i], round }));
    if (round < o.refine) {
      // Narrow around the best quarter of this round's trials (at least two).
      const ranked = outcomes.map((outcome, i) => ({ outcome, values: valueSets[i] })).sort((a, b) => better(metric)(a.outcome, b.outcome));
      const top = ranked.slice(0, Math.max(2, Math.ceil(ranked.length / 4)));
      space = refineSpace(
        space,
        top.map((t) => t.values),
      );
    }
  }

  const sorted = [...rows].sort((a, b) => better(metric)(a.outcome, b.outcome));
  const table: SweepRow[] = sorted.map((r, i) => ({
    rank: i + 1,
    round: r.round + 1,
    trial: r.outcome.id + 1,
    seed: r.outcome.seed,
    values: Object.fromEntries(original.map((d, k) => [d.label, r.values[k]])),
    val_accuracy: r.outcome.valAccuracy,
    val_loss: r.outcome.valLoss,
    train_loss: r.outcome.trainLoss,
    seconds: r.outcome.seconds,
  }));
  // Edges are judged against the spec's ranges: a refined range is narrow on purpose.
  const warnings = edgeWarnings(original, sorted[0].values);
  const result: SweepResult = { metric, dimensions: original, rounds, rows: table, warnings };
  writeFileAtomic(
    join(o.outDir, "results.json"),
    JSON.stringify({ spec: o.specPath, seed: baseSeed, epochs: o.epochs ?? null, ...result }, null, 2) + "\n",
  );
  writeFileAtomic(join(o.outDir, "results.csv"), toCsv(original, table));
  return result;
}

export function toCsv(dims: readonly Dimension[], rows: readonly SweepRow[]): string {
  const head = ["rank", "round", "trial", "seed", ...dims.map((d) => d.label), "val_accuracy", "val_loss", "train_loss", "seconds"];
  const cell = (x: number | null) => (x === null ? "" : String(x));
  const lines = rows.map((r) =>
    [
      r.rank,
      r.round,
      r.trial,
      r.seed,
      ...dims.map((d) => r.values[d.label]),
      cell(r.val_accuracy),
      cell(r.val_loss),
      cell(r.train_loss),
      r.seconds.toFixed(2),
    ].join(","),
  );
  return [head.join(","), ...lines].join("\n") + "\n";
}

/** The results as an aligned text table (the best `limit` rows). */
export function formatTable(result: SweepResult, limit: number): string {
  const head = ["rank", "trial", ...result.dimensions.map((d) => d.label), "val acc", "val loss", "train loss"];
  const f = (x: number | null) => (x === null ? "-" : x.toFixed(4));
  const body = result.rows
    .slice(0, limit)
    .map((r) => [
      String(r.rank),
      String(r.trial),
      ...result.dimensions.map((d) => formatNumber(r.values[d.label])),
      f(r.val_accuracy),
      f(r.val_loss),
      f(r.train_loss),
    ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i])).join("  ");
  return [line(head), ...body.map(line)].join("\n");
}
