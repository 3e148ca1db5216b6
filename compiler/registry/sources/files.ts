import type { RegistryEntry } from "../types.ts";
import { BOOLEAN, INTEGER, INTEGERS, NUMBER, PATH, REFERENCE, opt, req } from "../params.ts";
import { atLeastOne, nonNegative, openUnit, range } from "../range.ts";

/**
 * Shared by every labelled source: `classes = N` says the labels are 0..N−1 (checked against the model's
 * outputs); `classes = [5, 6, 7]` keeps only those labels, renumbered 0..k−1 in that order (runtime/data/classes.ts).
 */
const classesParam = opt(
  "classes",
  { kind: "classes" },
  undefined,
  "number of classes N (labels 0..N−1), or a list of labels to keep, renumbered 0..k−1 in the order listed",
);

/**
 * Shared by every file source: a seeded subset of its rows for quick experiments (runtime/data/subset.ts),
 * stratified by class for labelled sets. Applies to the set it is written on only.
 */
const subsetParams = [
  opt("limit", INTEGER, undefined, "keep only N rows (a seeded subset, stratified by class)", atLeastOne),
  opt("fraction", NUMBER, undefined, "keep only this fraction of the rows (a seeded subset, stratified by class)", range("(0, 1]")),
];

export const idx: RegistryEntry = {
  name: "idx",
  confusedWith: { mnist: "MNIST files are read with idx(images, labels)", ubyte: "idx(images, labels)" },
  role: "source",
  params: [
    req("images", PATH, "IDX images file (.gz allowed)"),
    req("labels", PATH, "IDX labels file (.gz allowed)"),
    classesParam,
    ...subsetParams,
  ],
  doc: "MNIST-style IDX files: images and labels.",
  details:
    "Reads the IDX format of MNIST and Fashion-MNIST; gzip is detected by its magic bytes. Pixels become features. " +
    "`limit = N` or `fraction = f` keeps a seeded subset of the rows, stratified by class (train.seed).",
};

export const csv: RegistryEntry = {
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
};

export const split: RegistryEntry = {
  name: "split",
  role: "source",
  params: [req("from", REFERENCE, "the data set to split: train"), req("fraction", NUMBER, "fraction held out for validation", openUnit)],
  doc: "Hold out a seeded random fraction of the training rows for validation.",
  details:
    "validation = split(train, 0.1) evaluates on ⌈10%⌉ of the training rows drawn at random with the spec's seed (the same rows every run; " +
    "each part keeps file order) and trains on the rest. Random rather than the last rows, because data files are often sorted by class.",
};
