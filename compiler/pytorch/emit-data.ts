/** load_data() of the script: the spec's sets, read as nnc reads them, and PREPROCESS, the steps fitted on the training set. */
import type { DataPlan, DataSourcePlan, PreprocessPlan } from "../ir.ts";
import { preprocessingOf } from "../definitions/preprocessing/index.ts";
import { fileSourceOf } from "../definitions/sources/index.ts";
import { pyFloat, pyList, pyNum } from "./literals.ts";
import type { PythonPaths } from "./paths.ts";

function source(s: DataSourcePlan, paths: PythonPaths): string {
  const load = fileSourceOf(s).pytorch(s, (p) => paths.expression(p));
  return s.classes === undefined ? load : `select_classes(${load}, ${pyList(s.classes)})`;
}

function preprocessStep(p: PreprocessPlan): string {
  return preprocessingOf(p).pytorch(p);
}

export function emitData(data: DataPlan, paths: PythonPaths): string {
  const lines = [
    `PREPROCESS = [${data.preprocess.map(preprocessStep).join(", ")}]`,
    ``,
    ``,
    `def load_data() -> Tuple[Dict[str, Any], Optional[Dict[str, Any]], Optional[Dict[str, Any]]]:`,
    `    """The training, validation and test sets before preprocessing (None for a set the spec does not declare)."""`,
    `    train = ${source(data.train, paths)}`,
  ];
  let validation = "None";
  if (data.validation?.kind === "split") {
    lines.push(`    train, validation = split_dataset(train, ${pyFloat(data.validation.fraction)}, SEED)`);
    validation = "validation";
  } else if (data.validation !== undefined) {
    validation = source(data.validation, paths);
  }
  const test = data.test === undefined ? "None" : source(data.test, paths);
  lines.push(`    return train, ${validation}, ${test}`);
  return lines.join("\n");
}
