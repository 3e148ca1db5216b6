/** The compiler's public surface: checking, diagnostics, the registry, the summary and the plan types. */
export { check, buildContext } from "./check.ts";
export type { CheckResult, CheckOptions } from "./check.ts";
export { codes, diagnostic, formatDiagnostic, hasErrors } from "./diagnostics.ts";
export type { Code } from "./diagnostics.ts";
export { editDistance, suggest, didYouMean } from "./did-you-mean.ts";
export { evaluate, evaluateConstants } from "./evaluate.ts";
export type { Constants } from "./evaluate.ts";
export type { Value, CallValue, ArgValue } from "./values.ts";
export { registry, lookup, entriesFor, namesFor, settingsSpecs, topLevelBlocks, roleNoun, range, inRange } from "./registry/index.ts";
export type { DefaultValue, ParamSpec, ParamType, Range, RegistryEntry, Role, SettingsSpec } from "./registry/index.ts";
export { summarize, formatSummary, layerParameters, groupDigits } from "./summary.ts";
export type { Summary, SummaryRow } from "./summary.ts";
export { kaimingGain } from "./plan/init.ts";
export type * from "./ir.ts";
export type { Diagnostic, Severity, Span, Position } from "../grammar/span.ts";
