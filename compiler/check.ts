/**
 * The checker: File → Plan. Phases: evaluate constants → bind the top-level blocks against the registry
 * → build layers (shapes) and schedules → run the structural checks and lints (each collects diagnostics)
 * → assemble the plan, which exists only when there is no error.
 */
import type { BlockStatement, File, Statement } from "../grammar/ast.ts";
import type { Diagnostic, Span } from "../grammar/span.ts";
import type { Count, Plan } from "./ir.ts";
import { stepsPerEpoch as stepsPerEpochOf } from "../runtime/schedules/steps-per-epoch.ts";
import { diagnostic, hasErrors } from "./diagnostics.ts";
import { didYouMean, suggest } from "./did-you-mean.ts";
import { evaluateConstants } from "./evaluate.ts";
import { settingsSpecs, topLevelBlocks } from "./registry/index.ts";
import { bindSettings } from "./settings.ts";
import type { BlockSettings, SettingsContext } from "./settings.ts";
import type { CheckContext, CheckOptions } from "./context.ts";
import { buildLayers } from "./plan/layers.ts";
import { blockDefinitions } from "./plan/block-definitions.ts";
import { emptyScope, type ModelScope } from "./plan/model-scope.ts";
import { buildSchedule } from "./plan/schedule.ts";
import type { ScheduleDraft } from "./plan/schedule.ts";
import type { Value } from "./values.ts";
import type { SearchDimension } from "./search/distribution.ts";
import { assemblePlan } from "./plan/assemble.ts";
import { modelInputShape } from "./plan/preprocessed-input.ts";
import { trainRowsFromHeaders } from "./plan/train-rows.ts";
import { checks } from "./checks/index.ts";
import { checkMemory } from "./checks/memory-limit.ts";
import { lints } from "./lints/index.ts";

export type { CheckOptions } from "./context.ts";

export interface CheckResult {
  /** The plan; undefined when the spec has errors. */
  readonly plan: Plan | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** Distributions standing for numbers; non-empty makes the spec a search space for `nnc sweep`. */
  readonly searchSpace: readonly SearchDimension[];
  /**
   * The model's layers with their shapes, also when another block has errors (the editor shows them while
   * the plan cannot exist); empty after a broken layer, where the feature counts would be guesses.
   */
  readonly layers: readonly LayerRow[];
  /** The module tree over `layers` (block instances, repetitions, branches), when `layers` is complete. */
  readonly scopes: ModelScope | undefined;
}

/** A model layer as the editor and `nnc check` describe it. */
export interface LayerRow {
  readonly name: string;
  /** The whole layer statement (`fc2: dense(128) { lr_mult = 0.5 }`). */
  readonly span: Span;
  readonly outputShape: readonly number[];
  readonly parameters: number;
}

export function check(file: File, options: CheckOptions): CheckResult {
  const ctx = buildContext(file, options);
  for (const rule of checks) rule.run(ctx);
  for (const rule of lints) rule.run(ctx);
  let diagnostics = sortDiagnostics(ctx.out);
  let plan = hasErrors(diagnostics) ? undefined : assemblePlan(ctx);
  // Memory is known only once the plan is: a plan that cannot be allocated is not a plan.
  const memory = plan === undefined ? [] : checkMemory(plan, ctx);
  if (memory.length > 0) {
    diagnostics = sortDiagnostics([...ctx.out, ...memory]);
    plan = undefined;
  }
  return {
    plan,
    diagnostics,
    searchSpace: ctx.searchSpace ?? [],
    layers: layerRows(ctx),
    scopes: ctx.layersComplete ? ctx.scopes : undefined,
  };
}

function layerRows(ctx: CheckContext): LayerRow[] {
  if (!ctx.layersComplete) return [];
  return ctx.layers.map((l) => ({ name: l.plan.name, span: l.plan.span, outputShape: l.plan.outputShape, parameters: l.parameters }));
}

export function buildContext(file: File, options: CheckOptions): CheckContext {
  const out: Diagnostic[] = [];
  const constants = evaluateConstants(file, out);
  const base: SettingsContext = { out, baseDir: options.baseDir, constants, searchSpace: [] };
  const blocks = topBlocks(file, out);
  const bind = (name: string, rest?: Statement[]): BlockSettings | undefined => {
    const b = blocks.get(name);
    return b === undefined
      ? undefined
      : bindSettings(name, b.call.callee.span, b.span, b.body?.statements ?? [], settingsSpecs[name], base, rest);
  };
  const layerStatements: Statement[] = [];
  const model = bind("model", layerStatements);
  const data = bind("data");
  const train = bind("train");

  const inputSpan = model?.settings.span("input");
  const given = model?.settings.optional.numbers("input");
  const givenInput = given === undefined ? undefined : [...given];
  // After pca_whiten(components = k) the model's input is [k]: inferred when absent, checked when given.
  const inputShape = model === undefined ? undefined : modelInputShape(givenInput, inputSpan, data, out);
  const inputSize = inputShape === undefined ? undefined : validInput(inputShape, inputSpan, out);
  const blockDefs = blockDefinitions(file, out);
  const modelSpan = model?.span ?? { start: file.span.start, end: file.span.start };
  const built =
    inputSize === undefined
      ? { layers: [], complete: false, scopes: emptyScope(modelSpan) }
      : buildLayers(
          layerStatements,
          inputShape as number[],
          { weightInit: model?.settings.optional.call("weight_init"), biasInit: model?.settings.optional.call("bias_init") },
          base,
          blockDefs,
          modelSpan,
        );
  if (inputSize === undefined && model !== undefined && inputShape === undefined) {
    // Still resolve the layers so their own mistakes are reported; shapes start from a nominal size.
    const scratch: Diagnostic[] = [];
    buildLayers(layerStatements, [1], { weightInit: undefined, biasInit: undefined }, { ...base, out: scratch }, blockDefs, modelSpan);
    for (const d of scratch) if (!d.code.startsWith("NN4")) out.push(d);
  }

  const t = train?.settings;
  const batchSize = t?.optional.number("batch_size") ?? 32;
  const fullBatch = t?.optional.call("optimizer")?.entry.name === "lbfgs";
  // The training set's size: given (--train-size), else from the data files' headers when they can be read.
  const trainSize = options.trainSize ?? (options.dataHeaders === undefined ? undefined : trainRowsFromHeaders(data, options.dataHeaders));
  const stepsPerEpoch =
    trainSize === undefined ? undefined : stepsPerEpochOf(trainSize, batchSize, t?.optional.number("accumulate") ?? 1, fullBatch);
  const epochs = t?.optional.number("epochs");
  const steps = t?.optional.number("steps");
  // one_cycle's default total, the whole run: in epochs until the steps per epoch are known.
  const totalSteps: Count | undefined =
    steps ?? (epochs === undefined ? undefined : stepsPerEpoch !== undefined ? epochs * stepsPerEpoch : { steps: 0, epochs });
  const snapshots = t?.optional.boolean("snapshot_ensemble") === true;
  const schedules: ScheduleDraft[] = [];
  const scheduleBlock = train?.blocks.get("schedule");
  if (scheduleBlock !== undefined) {
    for (const [key, s] of scheduleBlock.settings) {
      if (!s.given) continue;
      const env = {
        out,
        baseDir: options.baseDir,
        constants,
        searchSpace: base.searchSpace,
        stepsPerEpoch,
        totalSteps,
        perStep: key === "lr" && snapshots,
      };
      const draft = buildSchedule(key, s.keySpan, s.value as Value, env);
      if (draft !== undefined) schedules.push(draft);
    }
  }
  const fileStart: Span = { start: file.span.start, end: file.span.start };
  return {
    ...base,
    file,
    options,
    fileStart,
    model,
    data,
    train,
    inputShape,
    inputSize,
    layers: built.layers,
    layersComplete: built.complete,
    scopes: built.scopes,
    loss: model?.settings.optional.call("loss"),
    optimizer: t?.optional.call("optimizer"),
    schedules,
    stepsPerEpoch,
  };
}

/** The `model`, `data` and `train` blocks; anything else at the top level is an error. */
function topBlocks(file: File, out: Diagnostic[]): Map<string, BlockStatement> {
  const blocks = new Map<string, BlockStatement>();
  const known: readonly string[] = topLevelBlocks;
  for (const s of file.statements) {
    if (s.kind === "LetStatement" || s.kind === "BlockDefinition") continue;
    if (s.kind === "BlockStatement" && known.includes(s.call.callee.name) && !s.call.hasParens) {
      const name = s.call.callee.name;
      if (blocks.has(name)) out.push(diagnostic("NN2011", `\`${name}\` block appears twice`, s.call.callee.span));
      else blocks.set(name, s);
      continue;
    }
    const nameNode = s.kind === "LayerStatement" ? s.name : s.kind === "BlockStatement" ? s.call.callee : s.key;
    const suggestions = suggest(nameNode.name, known);
    const where =
      s.kind === "SettingStatement" ? "settings belong inside `model`, `data` or `train`" : "expected `model`, `data` or `train`";
    out.push(
      diagnostic(
        "NN2010",
        `unexpected \`${nameNode.name}\` at the top level: ${where}${didYouMean(suggestions)}`,
        nameNode.span,
        "error",
        suggestions,
      ),
    );
  }
  return blocks;
}

function validInput(shape: readonly number[], span: Span | undefined, out: Diagnostic[]): number | undefined {
  if ((shape.length === 1 || shape.length === 3) && shape.every((d) => Number.isInteger(d) && d >= 1))
    return shape.reduce((a, b) => a * b, 1);
  if (span !== undefined) {
    out.push(diagnostic("NN4010", "`input` must be [features] or [channels, height, width] with positive integer sizes", span));
  }
  return undefined;
}

function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => a.span.start.offset - b.span.start.offset || a.code.localeCompare(b.code));
}
