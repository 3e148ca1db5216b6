/**
 * What the PyTorch target cannot express yet. Each construct is an error naming it, pointing at the spec
 * text that asks for it, so a spec never compiles to a script that trains differently from nnc.
 */
import type { File, Statement } from "../../grammar/ast.ts";
import type { Diagnostic, Span } from "../../grammar/span.ts";
import { diagnostic } from "../diagnostics.ts";
import type { Plan, SchedulePlan } from "../ir.ts";
import type { ModelScope } from "../plan/model-scope.ts";
import { optimizerOf } from "../definitions/optimizers/index.ts";

/** The statement at `path` (block names, then a setting key), e.g. ["train", "schedule", "momentum"]; else the file's start. */
function spanOf(file: File, path: readonly string[]): Span {
  let statements: readonly Statement[] = file.statements;
  let found: Span = { start: file.span.start, end: file.span.start };
  for (const name of path) {
    const s = statements.find(
      (x) => (x.kind === "BlockStatement" && x.call.callee.name === name) || (x.kind === "SettingStatement" && x.key.name === name),
    );
    if (s === undefined) return found;
    found = s.kind === "BlockStatement" ? s.call.callee.span : s.kind === "SettingStatement" ? s.key.span : s.span;
    if (s.kind !== "BlockStatement" || s.body === undefined) return found;
    statements = s.body.statements;
  }
  return found;
}

function scheduleKinds(s: SchedulePlan): string[] {
  return s.kind === "sequence" ? s.items.flatMap(scheduleKinds) : [s.kind];
}

export function unsupportedByPyTorch(plan: Plan, file: File): Diagnostic[] {
  const out: Diagnostic[] = [];
  const no = (what: string, path: readonly string[], span?: Span) =>
    out.push(
      diagnostic(
        "NN4020",
        `${what} is not supported by the pytorch target yet; train this spec with nnc's own target`,
        span ?? spanOf(file, path),
      ),
    );
  const t = plan.training;
  const torch = optimizerOf(plan.optimizer).pytorch(plan.optimizer);
  if ("unsupported" in torch) no(torch.unsupported, [], plan.optimizer.span);
  for (const key of Object.keys(plan.schedules)) {
    if (key === "weight_noise" || key === "gradient_noise") no(`a \`${key}\` schedule`, ["train", "schedule", key]);
  }
  const lr = plan.schedules.lr;
  if (lr !== undefined) {
    const kinds = scheduleKinds(lr);
    const restarts = lr.kind === "sequence" ? lr.items : [lr];
    for (const s of restarts) {
      if (s.kind === "cosine_restarts" && !Number.isInteger(s.Tmult))
        no(`\`cosine_restarts\` with a fractional T_mult (${s.Tmult}; PyTorch takes an integer)`, ["train", "schedule", "lr"]);
    }
  }
  // nn.Module.train()/eval() assign `self.training` on every module, so no child module can have that name.
  const model = file.statements.find((x) => x.kind === "BlockStatement" && x.call.callee.name === "model");
  for (const st of model?.kind === "BlockStatement" ? (model.body?.statements ?? []) : []) {
    if (st.kind === "LayerStatement" && st.name.name === "training")
      no("a layer named `training` (nn.Module's train/eval flag has that name)", [], st.name.span);
  }
  // The same inside a graph model: a block's layer, a branch or a nested block instance named `training`.
  for (const layer of plan.layers) {
    if (layer.name.includes(".") && layer.name.endsWith(".training")) no(`a layer named \`training\` (${layer.name})`, [], layer.span);
  }
  const scopes = (s: ModelScope): void => {
    if (s.path.endsWith(".training") || (s.path === "training" && s.kind === "branch"))
      no(`a module named \`training\` (${s.path})`, [], s.span);
    for (const i of s.items) if (i.kind === "scope") scopes(i.scope);
  };
  scopes(plan.scopes);
  const withBase = (x: SchedulePlan): boolean => (x.kind === "sequence" ? x.items.some(withBase) : "base" in x && x.base !== undefined);
  if (lr !== undefined && withBase(lr)) no("an lr schedule with `base`", ["train", "schedule", "lr"]);
  if (t.weightNoise !== undefined || t.gradientNoise !== undefined) no("weight or gradient noise", ["train", "noise"]);
  if (plan.data === undefined) no("a spec without a data block", ["data"]);
  else {
    const sources = [
      ["train", plan.data.train],
      ["validation", plan.data.validation],
      ["test", plan.data.test],
    ] as const;
    for (const [key, source] of sources) {
      if (source !== undefined && source.kind !== "split" && source.subset !== undefined)
        no(`\`limit\` / \`fraction\` on the ${key} source`, ["data", key], source.span);
    }
  }
  if (t.snapshotEnsemble !== undefined) no("`snapshot_ensemble`", ["train", "snapshot_ensemble"]);
  if (t.onNan !== "stop") no(`\`on_nan = ${t.onNan}\``, ["train", "on_nan"]);
  return out;
}
