/**
 * The checks of `nnc doctor` on one spec (cli/commands/doctor.ts registers the command): each starts from a
 * freshly initialised model; the text is what the command prints.
 */
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { compile } from "../../compiler/index.ts";
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
import { readSpec } from "../read-spec.ts";
import { cachedRunnableModule, loadSpecModule, moduleCacheFolder, runtimeEntryUrl, type GeneratedModule } from "../spec-module.ts";
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
  for (const n of names)
    if (!(CHECKS as readonly string[]).includes(n))
      throw new UsageError(`--only: unknown check ${JSON.stringify(n)} (choose from ${CHECKS.join(", ")})`);
  return new Set(names as CheckName[]);
}

/** The same spec compiled in float64, for the finite-difference check. */
async function loadF64Module(path: string): Promise<GeneratedModule> {
  const text = readSpec(path);
  const folder = moduleCacheFolder(path, text, "f64");
  // loadSpecModule compiled the same text in float32 first, so this compilation has no errors either.
  const file = await cachedRunnableModule(folder, "model.nn.js", async () => {
    const r = await compile(text, {
      source: path,
      baseDir: dirname(resolve(path)),
      moduleDir: folder,
      runtimeImport: runtimeEntryUrl,
      precision: "f64",
    });
    return r.code!;
  });
  return (await import(pathToFileURL(file).href)) as GeneratedModule;
}

/** One check's outcome: its text for the terminal, and its measurements for --json. */
export interface Section {
  readonly check: CheckName;
  readonly status: "pass" | "fail" | "skip";
  readonly text: string;
  readonly data: unknown;
}

function section(check: CheckName, text: string, data: unknown): Section {
  return { check, status: text.startsWith("[FAIL]") ? "fail" : text.startsWith("[SKIP]") ? "skip" : "pass", text, data };
}

function gradientSection(f64: GeneratedModule, data: LoadedData, seed: number): Section {
  const model = f64.createModel(seed);
  const s = spreadRows(data.train, Math.min(4, model.definition.maxBatch), "f64");
  const r = gradientCheck(model, s.x, s.labels, s.targets, s.n);
  return section("gradients", gradientText(r, GRADIENT_TOLERANCE), {
    checked: r.checked,
    worst: r.worst ?? null,
    tolerance: GRADIENT_TOLERANCE,
    per_tensor: Object.fromEntries(r.perTensor),
  });
}

export interface DoctorReport {
  readonly file: string;
  readonly seed: number;
  readonly optimizer: "lbfgs" | "mini-batch";
  readonly sections: readonly Section[];
  readonly failed: boolean;
  /** What the command prints for this file. */
  readonly text: string;
}

export async function doctorReport(file: string, flags: DoctorFlags): Promise<DoctorReport> {
  const checks = parseChecks(flags.only);
  const { module, plan } = await loadSpecModule(file);
  requireDataBlock(plan, file, "doctor");
  const seed = flags.seed !== undefined ? parseCount("--seed", flags.seed, 0) : module.SEED;
  const tolerance = flags.lossTolerance !== undefined ? Number(flags.lossTolerance) : INITIAL_LOSS_TOLERANCE;
  if (!(tolerance > 0)) throw new UsageError(`--loss-tolerance expects a positive number, got ${JSON.stringify(flags.lossTolerance)}`);
  const data = await module.loadData();
  const fresh = (): CompiledModel => module.createModel(seed);
  const def = module.DEFINITION;
  const sections: Section[] = [];
  if (checks.has("loss")) {
    const r = checkInitialLoss(fresh(), spreadRows(data.train, STAT_ROWS, def.precision), tolerance);
    sections.push(section("loss", initialLossText(r), r));
  }
  if (checks.has("overfit")) {
    const steps = flags.overfitSteps !== undefined ? parseCount("--overfit-steps", flags.overfitSteps) : OVERFIT_STEPS;
    const r = checkOverfit(fresh(), spreadRows(data.train, OVERFIT_ROWS, def.precision), steps);
    sections.push(section("overfit", overfitText(r), r));
  }
  if (checks.has("gradients")) sections.push(gradientSection(await loadF64Module(file), data, seed));
  if (checks.has("activations")) {
    const rows = activationStats(fresh(), spreadRows(data.train, STAT_ROWS, def.precision));
    sections.push(section("activations", activationText(rows), { layers: rows }));
  }
  if (checks.has("ratio")) {
    const steps = flags.ratioSteps !== undefined ? parseCount("--ratio-steps", flags.ratioSteps) : RATIO_STEPS;
    if (def.training.fullBatch)
      sections.push(section("ratio", "[SKIP] update/weight ratio: L-BFGS chooses its step size by line search", null));
    else {
      const rows = checkUpdateRatios(fresh(), data.train, steps);
      sections.push(section("ratio", ratioText(rows, steps), { steps, tensors: rows }));
    }
  }
  const text = `${file}: ${def.training.fullBatch ? "L-BFGS, " : ""}seed ${seed}\n${sections.map((x) => x.text).join("\n")}\n`;
  return {
    file,
    seed,
    optimizer: def.training.fullBatch ? "lbfgs" : "mini-batch",
    sections,
    failed: sections.some((x) => x.status === "fail"),
    text,
  };
}

/** --json: each check's status, its one-line summary (the text's first line without the mark) and its measurements. */
export function doctorJson(r: DoctorReport): object {
  return {
    file: r.file,
    seed: r.seed,
    failed: r.failed,
    checks: r.sections.map((x) => ({
      check: x.check,
      status: x.status,
      summary: x.text.split("\n")[0].replace(/^\[(PASS|FAIL|SKIP)\] /, ""),
      ...(x.data === null ? {} : { data: x.data }),
    })),
  };
}
