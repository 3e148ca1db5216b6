import { BOOLEAN, INTEGER, INTEGERS, PATH, opt, req } from "../../registry/params.ts";
import { nonNegative } from "../../registry/range.ts";
import { num, numList } from "../../codegen/literals.ts";
import { pyList, pyNum } from "../../pytorch/literals.ts";
import { defineFileSource } from "./definition.ts";
import { classesParam, subsetParams } from "./rows.ts";

export const csv = defineFileSource<"csv">({
  kind: "file",
  entry: {
    name: "csv",
    role: "source",
    params: [
      req("path", PATH, "CSV file"),
      opt("label", INTEGER, undefined, "0-based column of the class label (classification)", nonNegative),
      opt("targets", INTEGERS, undefined, "0-based columns of the regression targets"),
      opt("header", BOOLEAN, false, "the first row is a header"),
      classesParam,
      ...subsetParams,
    ],
    doc: "Comma-separated rows of numbers: features plus a label column or target columns.",
    details:
      "Every column that is not the label or a target is a feature. Give exactly one of label or targets. " +
      "`limit = N` or `fraction = f` keeps a seeded subset of the rows (stratified by class when there is a label; train.seed).",
  },
  plan: (a, rows, span) => ({
    kind: "csv",
    path: a.string("path"),
    header: a.boolean("header"),
    label: a.optional.number("label"),
    targets: a.optional.numbers("targets"),
    ...rows,
    span,
  }),
  typescript: (p, path) => {
    const what = p.label !== undefined ? `label: ${num(p.label)}` : `targets: ${numList(p.targets ?? [])}`;
    return { loader: "loadCsv", load: `await loadCsv(${path(p.path)}, { ${what}, header: ${p.header} })` };
  },
  pytorch: (p, path) =>
    `load_csv(${path(p.path)}, label=${p.label === undefined ? "None" : pyNum(p.label)}, targets=${p.targets === undefined ? "None" : pyList(p.targets)}, header=${p.header ? "True" : "False"})`,
});
