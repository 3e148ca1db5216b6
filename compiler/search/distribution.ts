/**
 * Distributions where a number belongs: `loguniform(1e-5, 1e-2)`, `uniform(a, b)`, `int(a, b)`,
 * `choice(x, y, ...)`. The parser keeps them as plain calls (so `uniform(-0.1, 0.1)` as an initializer is
 * untouched); only where a parameter expects a number does a call of one of these names become a search
 * dimension. Its whole support must lie inside the parameter's registry range, and the checker continues
 * with the dimension's midpoint so shapes and later checks still see a concrete spec.
 */
import type { Span } from "../../grammar/span.ts";
import { diagnostic } from "../diagnostics.ts";
import { inRange } from "../registry/index.ts";
import type { ParamSpec } from "../registry/index.ts";
import type { CallValue } from "../values.ts";
import { describe } from "../values.ts";
import type { Diagnostic } from "../../grammar/span.ts";

export const distributionNames = ["loguniform", "uniform", "int", "choice"] as const;
export type DistributionKind = (typeof distributionNames)[number];

export function isDistribution(name: string): name is DistributionKind {
  return (distributionNames as readonly string[]).includes(name);
}

/** One search dimension as the checker found it. `span` is the callee's name (stable through `let`). */
export interface SearchDimension {
  readonly kind: DistributionKind;
  /** loguniform/uniform/int: [low, high]; choice: the smallest and largest value. */
  readonly low: number;
  readonly high: number;
  /** choice only: the values in the order written. */
  readonly values: readonly number[] | undefined;
  readonly integer: boolean;
  /** The parameter it stands for, for labels (`lr`, `units`). */
  readonly param: string;
  readonly nameSpan: Span;
  /** What `nnc check` continues with. */
  readonly midpoint: number;
}

interface DistributionContext {
  readonly out: Diagnostic[];
  readonly searchSpace?: SearchDimension[];
}

function midpointOf(kind: DistributionKind, low: number, high: number, values: readonly number[], integer: boolean): number {
  if (kind === "choice") return values[Math.floor((values.length - 1) / 2)];
  const mid = kind === "loguniform" ? Math.sqrt(low * high) : (low + high) / 2;
  return integer || kind === "int" ? Math.round(mid) : mid;
}

/** Validates a distribution standing for `param`; returns its midpoint, or undefined after a diagnostic. */
export function convertDistribution(
  v: CallValue,
  param: ParamSpec,
  what: string,
  integer: boolean,
  ctx: DistributionContext,
): number | undefined {
  const fail = (message: string, span: Span = v.span): undefined => {
    ctx.out.push(diagnostic("NN3014", message, span));
    return undefined;
  };
  const kind = v.name as DistributionKind;
  const values: number[] = [];
  for (const a of v.args) {
    if (a.name !== undefined) return fail(`\`${kind}\` takes positional numbers, got the named argument \`${a.name}\``, a.span);
    if (a.value.kind !== "number") return fail(`\`${kind}\` takes numbers, got ${describe(a.value)}`, a.value.span);
    values.push(a.value.value);
  }
  if (kind === "choice") {
    if (values.length < 2) return fail("`choice` needs at least two values");
  } else if (values.length !== 2) {
    return fail(`\`${kind}\` takes two numbers (low, high), got ${values.length}`);
  }
  // reduce, not Math.min(...values): a choice of 100,000+ values would overflow the stack as arguments.
  const low = values.reduce((a, b) => Math.min(a, b), Infinity);
  const high = values.reduce((a, b) => Math.max(a, b), -Infinity);
  if (kind !== "choice" && !(values[0] < values[1])) return fail(`\`${kind}(${values[0]}, ${values[1]})\` needs low < high`);
  if (kind === "loguniform" && !(low > 0)) return fail(`\`loguniform\` needs positive bounds, got ${low}`);
  if (kind === "int" && !values.every(Number.isInteger)) return fail("`int(a, b)` needs integer bounds");
  if (integer && kind !== "int" && kind !== "choice")
    return fail(`${what} is an integer: use \`int(a, b)\` or \`choice(...)\`, not \`${kind}\``);
  if (integer && !values.every(Number.isInteger)) return fail(`${what} is an integer; every choice must be an integer`);
  // The whole support must be valid, not just the midpoint: a sampled trial must never fail the checker.
  if (param.range !== undefined) {
    for (const x of kind === "choice" ? values : [low, high]) {
      if (!inRange(x, param.range)) return fail(`${what} must be in ${param.range.text}, but \`${kind}\` can give ${x}`);
    }
  }
  const midpoint = midpointOf(kind, low, high, values, integer);
  const space = ctx.searchSpace;
  if (space !== undefined && !space.some((d) => d.nameSpan.start.offset === v.nameSpan.start.offset)) {
    space.push({
      kind,
      low,
      high,
      values: kind === "choice" ? values : undefined,
      integer: integer || kind === "int",
      param: param.name,
      nameSpan: v.nameSpan,
      midpoint,
    });
  }
  return midpoint;
}
