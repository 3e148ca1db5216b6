import { INTEGER, NUMBER, opt } from "../../registry/params.ts";
import { atLeastOne, range } from "../../registry/range.ts";

/**
 * Shared by every labelled source: `classes = N` says the labels are 0..N−1 (checked against the model's
 * outputs); `classes = [5, 6, 7]` keeps only those labels, renumbered 0..k−1 in that order (runtime/data/classes.ts).
 */
export const classesParam = opt(
  "classes",
  { kind: "classes" },
  undefined,
  "number of classes N (labels 0..N−1), or a list of labels to keep, renumbered 0..k−1 in the order listed",
);

/**
 * Shared by every file source: a seeded subset of its rows for quick experiments (runtime/data/subset.ts),
 * stratified by class for labelled sets. Applies to the set it is written on only.
 */
export const subsetParams = [
  opt("limit", INTEGER, undefined, "keep only N rows (a seeded subset, stratified by class)", atLeastOne),
  opt("fraction", NUMBER, undefined, "keep only this fraction of the rows (a seeded subset, stratified by class)", range("(0, 1]")),
];
