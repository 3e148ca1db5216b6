/**
 * The spec against its data files, before training: each source's files exist and are what the source says
 * (IDX magic and dimensions, a CSV's columns and first rows, read with bounded reads by the caller's
 * DataHeaderSource), the rows are as wide as the model's input (after preprocessing), the label and target
 * columns exist, and the labels read fit the model's classes. Each mistake is reported at the spec text it
 * concerns: the path, `input`, `label = …`, the source call or the output layer.
 */
import type { Span } from "../../grammar/span.ts";
import type { CsvHeaderInfo, HeaderFormat, IdxHeaderInfo } from "../../runtime/data/header.ts";
import type { BoundCall } from "../bind.ts";
import type { CheckContext, Rule } from "../context.ts";
import { diagnostic } from "../diagnostics.ts";
import { preprocessedWidth } from "../plan/preprocessed-input.ts";

type SetName = "train" | "validation" | "test";

const setWords: Record<SetName, string> = { train: "training", validation: "validation", test: "test" };

/** The file's name as the spec wrote it (the argument's source text is not kept; the resolved path's tail is enough). */
function shortName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

interface Source {
  readonly set: SetName;
  readonly call: BoundCall;
}

function sources(ctx: CheckContext): Source[] {
  const out: Source[] = [];
  for (const set of ["train", "validation", "test"] as const) {
    const call = ctx.data?.settings.optional.call(set);
    if (call !== undefined && call.entry.name !== "split") out.push({ set, call });
  }
  return out;
}

/** Looks a file up, reporting an unreadable one at its path argument; undefined when unknown or unusable. */
function header<T extends IdxHeaderInfo | CsvHeaderInfo>(
  ctx: CheckContext,
  call: BoundCall,
  arg: string,
  format: HeaderFormat,
): T | undefined {
  const path = call.args.optional.string(arg);
  if (path === undefined || ctx.options.dataHeaders === undefined) return undefined;
  const found = ctx.options.dataHeaders.lookup(path, format);
  if (found.state === "pending") return undefined;
  if (found.state === "error") {
    ctx.out.push(diagnostic("NN6001", found.message, call.args.span(arg) ?? call.call.span));
    return undefined;
  }
  return found.info as T;
}

/** The model's input against a set's row width; the preprocessing decides which width the input must have. */
function checkWidth(ctx: CheckContext, s: Source, features: number, described: string): void {
  if (ctx.inputSize === undefined) return;
  const pca = preprocessedWidth(ctx.data);
  if (pca !== undefined) {
    if (features < pca.width) {
      ctx.out.push(
        diagnostic(
          "NN6003",
          `\`pca_whiten(components = ${pca.width})\` keeps more components than the ${features} features of the ${setWords[s.set]} data (${described})`,
          pca.step.call.span,
        ),
      );
    }
    return;
  }
  if (features === ctx.inputSize) return;
  const span: Span = (ctx.model?.settings.given("input") === true ? ctx.model.settings.span("input") : undefined) ?? s.call.call.span;
  const shape = ctx.inputShape === undefined ? "" : `\`input = [${ctx.inputShape.join(", ")}]\` (${ctx.inputSize} features) but `;
  ctx.out.push(diagnostic("NN6003", `${shape}the ${setWords[s.set]} data has ${features} features per row (${described})`, span));
}

/** The number of classes the model's output stands for, and what the spec calls it; undefined for regression. */
function classCount(ctx: CheckContext): { count: number; span: Span; what: string } | undefined {
  if (ctx.loss?.entry.name === "mse") return undefined;
  const last = ctx.layers[ctx.layers.length - 1];
  if (last === undefined || !ctx.layersComplete) return undefined;
  return {
    count: last.plan.outputSize,
    span: last.callSpan,
    what: `the model outputs ${last.plan.outputSize} scores (classes 0..${last.plan.outputSize - 1})`,
  };
}

function checkLabels(ctx: CheckContext, s: Source, min: number, max: number, where: string, span: Span, complete: boolean): void {
  // A class subset (`classes = [5, 6, 7]`) drops and renumbers labels: the raw values are not the model's classes.
  if (Array.isArray(s.call.args.optional.classes("classes"))) return;
  const classes = classCount(ctx);
  if (classes === undefined) return;
  const read = complete ? "" : " (in the part read)";
  if (min < 0 || max >= classes.count) {
    const bad = min < 0 ? min : max;
    ctx.out.push(diagnostic("NN6005", `the ${setWords[s.set]} labels${read} in ${where} include ${bad}, but ${classes.what}`, span));
  }
}

function checkIdx(ctx: CheckContext, s: Source): void {
  const images = header<IdxHeaderInfo>(ctx, s.call, "images", "idx-images");
  const labels = header<IdxHeaderInfo>(ctx, s.call, "labels", "idx-labels");
  const imagesPath = s.call.args.string("images");
  const labelsPath = s.call.args.string("labels");
  if (images !== undefined && labels !== undefined && images.dims[0] !== labels.dims[0]) {
    ctx.out.push(
      diagnostic(
        "NN6002",
        `${shortName(imagesPath)} holds ${images.dims[0]} images but ${shortName(labelsPath)} holds ${labels.dims[0]} labels; expected one label per image`,
        s.call.call.span,
      ),
    );
  }
  if (images !== undefined) {
    const row = images.dims.slice(1);
    checkWidth(
      ctx,
      s,
      row.reduce((a, b) => a * b, 1),
      `${shortName(imagesPath)}: images of ${row.join(" × ")}`,
    );
  }
  if (labels?.labels !== undefined && labels.labels.count > 0) {
    checkLabels(
      ctx,
      s,
      labels.labels.min,
      labels.labels.max,
      shortName(labelsPath),
      s.call.args.span("labels") ?? s.call.call.span,
      labels.labels.complete,
    );
  }
}

function checkCsv(ctx: CheckContext, s: Source): void {
  const headerLine = s.call.args.boolean("header");
  const csv = header<CsvHeaderInfo>(ctx, s.call, "path", headerLine ? "csv-header" : "csv");
  if (csv === undefined) return;
  const path = s.call.args.string("path");
  const name = shortName(path);
  const columns = csv.firstLine.length;
  const words = csv.firstLine.filter((c) => !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(c));
  if (!headerLine && words.length > 0) {
    const shown = csv.firstLine
      .slice(0, 4)
      .map((c) => `\`${c}\``)
      .join(", ");
    ctx.out.push(
      diagnostic(
        "NN6006",
        `the first line of ${name} is not all numbers (${shown}${columns > 4 ? ", …" : ""}): it looks like a header; add \`header = true\``,
        s.call.call.span,
      ),
    );
    return;
  }
  if (headerLine && words.length === 0) {
    ctx.out.push(
      diagnostic(
        "NN6006",
        `the first line of ${name} is numbers, but \`header = true\` skips it as column names`,
        s.call.args.span("header") ?? s.call.call.span,
        "warning",
      ),
    );
  }
  const ragged = csv.rows.findIndex((r) => r.length !== columns);
  if (ragged >= 0) {
    const line = ragged + 1 + (headerLine ? 1 : 0);
    ctx.out.push(
      diagnostic(
        "NN6007",
        `line ${line} of ${name} has ${csv.rows[ragged].length} cells but the first line has ${columns}`,
        s.call.call.span,
      ),
    );
  }
  const label = s.call.args.optional.number("label");
  const targets = s.call.args.optional.numbers("targets");
  const used: number[] = [];
  let columnsOk = true;
  const column = (c: number, what: string, span: Span) => {
    used.push(c);
    if (c < columns) return;
    columnsOk = false;
    ctx.out.push(
      diagnostic("NN6004", `${what} column ${c} is out of range: ${name} has ${columns} columns (0-based 0..${columns - 1})`, span),
    );
  };
  const spanOf = (arg: string) => s.call.args.span(arg) ?? s.call.call.span;
  if (label !== undefined) column(label, "label", spanOf("label"));
  if (targets !== undefined) for (const t of targets) column(t, "target", spanOf("targets"));
  if (!columnsOk) return;
  checkWidth(
    ctx,
    s,
    columns - used.length,
    `${name}: ${columns} columns, ${used.length === 1 ? "1 of them the label" : `${used.length} of them targets`}`,
  );
  if (label !== undefined && csv.rows.length > 0) {
    const c = label;
    const values = csv.rows.filter((r) => r.length === columns).map((r) => r[c]);
    const odd = values.find((v) => !Number.isInteger(v));
    if (odd !== undefined) {
      const line = csv.rows.findIndex((r) => r[c] === odd || (Number.isNaN(odd) && Number.isNaN(r[c]))) + 1 + (headerLine ? 1 : 0);
      ctx.out.push(
        diagnostic(
          "NN6005",
          `label column ${c} of ${name} holds ${Number.isNaN(odd) ? "a cell that is not a number" : odd} on line ${line}; a class label is an integer 0, 1, …`,
          spanOf("label"),
        ),
      );
      return;
    }
    checkLabels(ctx, s, Math.min(...values), Math.max(...values), name, spanOf("label"), csv.complete);
  }
}

export const dataFiles: Rule = {
  name: "data-files",
  run(ctx) {
    if (ctx.options.dataHeaders === undefined) return;
    for (const s of sources(ctx)) {
      if (s.call.entry.name === "idx") checkIdx(ctx, s);
      else if (s.call.entry.name === "csv") checkCsv(ctx, s);
    }
  },
};
