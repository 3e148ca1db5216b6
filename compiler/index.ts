/**
 * The compiler's public surface (the package's `nnc/compiler`, docs/compiler-api.md). The front door is two
 * functions: analyze() (parse, stop on syntax errors, check: diagnostics, plan, syntax tree, layer shapes)
 * and compile() (analyze, then generate the TypeScript module or PyTorch script as text). Below them: the
 * checker on a parsed tree, diagnostics, the registry, the summary and the plan types.
 */
export { analyze } from "./analyze.ts";
export { projectRoot } from "./project-root.ts";
export type { Analysis, AnalyzeOptions } from "./analyze.ts";
export { compile } from "./compile.ts";
export type { CompileOptions, CompileResult } from "./compile.ts";
export { check } from "./check.ts";
export type { CheckResult, CheckOptions, LayerRow } from "./check.ts";
export type { DataHeaderSource, HeaderLookup } from "./context.ts";
export { codes, diagnostic, formatDiagnostic, hasErrors } from "./diagnostics.ts";
export type { Code } from "./diagnostics.ts";
export { editDistance, suggest, didYouMean } from "./did-you-mean.ts";
export { evaluate, evaluateConstants } from "./evaluate.ts";
export type { Constants } from "./evaluate.ts";
export type { Value, CallValue, ArgValue } from "./values.ts";
export { registry, lookup, entriesFor, namesFor, settingsSpecs, topLevelBlocks, roleNoun, range, inRange } from "./registry/index.ts";
export type { DefaultValue, ParamSpec, ParamType, Range, RegistryEntry, Role, SettingsSpec } from "./registry/index.ts";
export { summarize, formatSummary, layerParameters, groupDigits } from "./summary.ts";
export type { Summary, SummaryRow, SummaryModule, SummaryNode } from "./summary.ts";
export { kaimingGain } from "./definitions/initializers/index.ts";
export { declarationShim } from "./declaration-shim.ts";
export { labelDimensions, substitute, formatNumber } from "./search/space.ts";
export type { LabeledDimension } from "./search/space.ts";
export type { SearchDimension } from "./search/distribution.ts";
export type * from "./ir.ts";
export type { ModelScope, ScopeItem, ScopeKind } from "./plan/model-scope.ts";
export { STRUCTURAL } from "./plan/graph-frame.ts";
export type { Diagnostic, Severity, Span, Position } from "../grammar/span.ts";
