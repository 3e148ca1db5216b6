/**
 * The checks of `nnc doctor` on one spec (cli/commands/doctor.ts registers the command): each starts from a
 * freshly initialised model; the text is what the command prints.
 */
import { dirname, resolve } from "node:path";
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
  type CompiledModel,
  type LoadedData,
} from "../../runtime/index.ts";
import { activationText, gradientText, initialLossText, overfitText, ratioText } from "../../report/doctor-text.ts";
import { loadSpecModule, moduleCacheFolder, readSpec, runtimeEntryUrl, writeRunnableModule, type GeneratedModule } from "../spec-module.ts";
import { requireDataBlock } from "../require-data.ts";
import { parseCount } from "../options.ts";
import { UsageError } from "../errors.ts";
import { CHECKS, type CheckName } from "./doctor-checks.ts";

/** Relative error a float64 central difference must meet (as in test/codegen/gradcheck.test.ts). */
const GRADIENT_TOLERANCE = 1e-6;
/** Rows used for the initial loss and activation statistics. */
const STAT_ROWS = 256;

export interface DoctorFlags {
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

