/**
 * `nnc doctor FILE.nn…`: the checklist before a long run (CS231n, "babysitting the learning process").
 * Each check starts from a freshly initialised model: (1) initial loss vs chance level, with and without
 * the l1/l2 terms; (2) overfit 20 examples; (3) float64 gradient check of the generated backward pass;
 * (4) activation statistics per layer at initialization; (5) update/weight ratio over the first steps.
 * Exits 1 when a check fails.
 */
import type { Command } from "commander";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { compileSource } from "../../compiler/compile.ts";
import {
  activationStats,
  checkInitialLoss,
  checkOverfit,
  checkUpdateRatios,
  gradientCheck,
  INITIAL_LOSS_TOLERANCE,
  OVERFIT_ROWS,
  OVERFIT_STEPS,
  RATIO_STEPS,
  spreadRows,
  takeRows,
  type CompiledModel,
  type LoadedData,
} from "../../runtime/index.ts";
import { activationText, gradientText, initialLossText, overfitText, ratioText } from "../../report/doctor-text.ts";
import { loadSpecModule, moduleCacheFolder, readSpec, runtimeEntryUrl, writeRunnableModule, type GeneratedModule } from "../spec-module.ts";
import { requireDataBlock } from "../require-data.ts";
import { parseCount } from "../options.ts";
import { UsageError } from "../errors.ts";

const CHECKS = ["loss", "overfit", "gradients", "activations", "ratio"] as const;
type CheckName = (typeof CHECKS)[number];
/** Relative error a float64 central difference must meet (as in test/codegen/gradcheck.test.ts). */
const GRADIENT_TOLERANCE = 1e-6;
/** Rows used for the initial loss and activation statistics. */
const STAT_ROWS = 256;

interface DoctorFlags {
  only?: string;
  seed?: string;
  overfitSteps?: string;
  ratioSteps?: string;
  lossTolerance?: string;
}

function parseChecks(only: string | undefined): Set<CheckName> {
  if (only === undefined) return new Set(CHECKS);
  const names = only.split(",").map((s) => s.trim());
  for (const n of names) if (!(CHECKS as readonly string[]).includes(n)) throw new UsageError(`--only: unknown check ${JSON.stringify(n)} (choose from ${CHECKS.join(", ")})`);
  return new Set(names as CheckName[]);
}

/** The same spec compiled in float64, for the finite-difference check. */
async function loadF64Module(path: string): Promise<GeneratedModule> {
  const text = readSpec(path);
  const folder = moduleCacheFolder(path, text, "f64");
  const r = await compileSource(text, { source: path, baseDir: dirname(resolve(path)), moduleDir: folder, runtimeImport: runtimeEntryUrl, precision: "f64" });
  const file = writeRunnableModule(folder, "model.nn.js", r.code!);
  return (await import(pathToFileURL(file).href)) as GeneratedModule;
}

function gradientSection(f64: GeneratedModule, data: LoadedData, seed: number): string {
  const model = f64.createModel(seed);
  const s = spreadRows(data.train, Math.min(4, model.definition.maxBatch), "f64");
  return gradientText(gradientCheck(model, s.x, s.labels, s.targets, s.n), GRADIENT_TOLERANCE);
}

export async function doctorReport(file: string, flags: DoctorFlags): Promise<{ text: string; failed: boolean }> {
  const checks = parseChecks(flags.only);
  const { module, plan } = await loadSpecModule(file);
  requireDataBlock(plan, file, "doctor");
  const seed = flags.seed !== undefined ? parseCount("--seed", flags.seed, 0) : module.SEED;
  const tolerance = flags.lossTolerance !== undefined ? Number(flags.lossTolerance) : INITIAL_LOSS_TOLERANCE;
  if (!(tolerance > 0)) throw new UsageError(`--loss-tolerance expects a positive number, got ${JSON.stringify(flags.lossTolerance)}`);
  const data = module.loadData();
  const fresh = (): CompiledModel => module.createModel(seed);
  const def = module.DEFINITION;
  const sections: string[] = [];
  if (checks.has("loss")) sections.push(initialLossText(checkInitialLoss(fresh(), spreadRows(data.train, STAT_ROWS, def.precision), tolerance)));
  if (checks.has("overfit")) {
    const steps = flags.overfitSteps !== undefined ? parseCount("--overfit-steps", flags.overfitSteps) : OVERFIT_STEPS;
    sections.push(overfitText(checkOverfit(fresh(), spreadRows(data.train, OVERFIT_ROWS, def.precision), steps)));
  }
  if (checks.has("gradients")) sections.push(gradientSection(await loadF64Module(file), data, seed));
  if (checks.has("activations")) sections.push(activationText(activationStats(fresh(), spreadRows(data.train, STAT_ROWS, def.precision))));
  if (checks.has("ratio")) {
    const steps = flags.ratioSteps !== undefined ? parseCount("--ratio-steps", flags.ratioSteps) : RATIO_STEPS;
    if (def.training.fullBatch) sections.push("[SKIP] update/weight ratio: L-BFGS chooses its step size by line search");
    else sections.push(ratioText(checkUpdateRatios(fresh(), data.train, steps), steps));
  }
  const failed = sections.some((s) => s.startsWith("[FAIL]"));
  return { text: `${file}: ${def.training.fullBatch ? "L-BFGS, " : ""}seed ${seed}\n${sections.join("\n")}\n`, failed };
}

export function registerDoctor(program: Command): void {
  program
    .command("doctor")
    .description("sanity checks before a long run: initial loss, overfit a tiny sample, gradient check, activation statistics, update/weight ratio")
    .argument("<files...>", "one or more .nn specs")
    .option("--only <checks>", `comma-separated subset of ${CHECKS.join(",")}`)
    .option("--seed <n>", "initialise from this seed instead of the spec's")
    .option("--overfit-steps <n>", `step budget for overfitting ${OVERFIT_ROWS} examples`, String(OVERFIT_STEPS))
    .option("--ratio-steps <n>", "training steps the update/weight ratio is averaged over", String(RATIO_STEPS))
    .option("--loss-tolerance <x>", "relative tolerance of the initial loss against ln C", String(INITIAL_LOSS_TOLERANCE))
    .action(async (files: string[], flags: DoctorFlags) => {
      let failed = false;
      for (const [i, file] of files.entries()) {
        const r = await doctorReport(file, flags);
        process.stdout.write((i > 0 ? "\n" : "") + r.text);
        failed ||= r.failed;
      }
      if (failed) process.exitCode = 1;
    });
}
