/**
 * `loadData()` of a generated module: direct calls to the runtime's loaders with the spec's literal
 * paths, then `prepareData`, which checks the data against the model and fits preprocessing on the
 * training set only, in place: nothing else holds the rows just loaded.
 */
import type { DataPlan, DataSourcePlan } from "../ir.ts";
import { fileSourceOf } from "../definitions/sources/index.ts";
import { num, numList } from "./literals.ts";
import { pathExpression, type PathContext } from "./paths.ts";

export interface DataCode {
  readonly body: string;
  readonly imports: readonly string[];
}

function source(s: DataSourcePlan, imports: Set<string>, paths: PathContext): string {
  const path = (p: string) => {
    const e = pathExpression(p, paths);
    if (e.usesResolver) imports.add("resolveDataPath");
    return e.code;
  };
  // Classes are selected first, so `limit` counts the rows that are kept.
  const select = (load: string) => {
    const selected = s.classes === undefined ? load : `selectClasses(${load}, ${numList(s.classes)})`;
    if (s.classes !== undefined) imports.add("selectClasses");
    if (s.subset === undefined) return selected;
    imports.add("subsetDataset");
    const subset = "limit" in s.subset ? `{ limit: ${num(s.subset.limit)} }` : `{ fraction: ${num(s.subset.fraction)} }`;
    return `subsetDataset(${selected}, ${subset}, SEED)`;
  };
  const { loader, load } = fileSourceOf(s).typescript(s, path);
  imports.add(loader);
  return select(load);
}

export function emitLoadData(data: DataPlan | undefined, paths: PathContext): DataCode {
  if (data === undefined) {
    return { body: `throw new Error("this spec declares no data block: pass data to train() yourself");`, imports: [] };
  }
  const imports = new Set<string>(["prepareData"]);
  const lines = [`const train = ${source(data.train, imports, paths)};`];
  let trainExpr = "train";
  let validationExpr = "undefined";
  if (data.validation !== undefined) {
    if (data.validation.kind === "split") {
      imports.add("splitDataset");
      lines.push(`const parts = splitDataset(train, ${num(data.validation.fraction)}, SEED);`);
      trainExpr = "parts.train";
      validationExpr = "parts.validation";
    } else {
      validationExpr = source(data.validation, imports, paths);
    }
  }
  const testExpr = data.test !== undefined ? source(data.test, imports, paths) : "undefined";
  lines.push(
    `return prepareData({ train: ${trainExpr}, validation: ${validationExpr}, test: ${testExpr} }, PREPROCESS, DEFINITION, { inPlace: true });`,
  );
  return { body: lines.join("\n"), imports: [...imports].sort() };
}
