/**
 * The spec's data sets rebuilt from its plan, for commands that resample the training set (k-fold,
 * bagging): the same loaders and class selection the generated `loadData()` calls, before preprocessing,
 * so preprocessing is fitted on each resampled training set alone.
 */
import type { DataSourcePlan, Plan } from "../../compiler/index.ts";
import { loadCsv, loadIdx, selectClasses, splitDataset, subsetDataset, type Dataset, type RawData } from "../../runtime/index.ts";
import { UsageError } from "../errors.ts";

/** One source as the generated loadData() loads it: the file, its class selection, then its subset (seeded with `seed`, the spec's). */
export function loadSource(s: DataSourcePlan, seed: number): Dataset {
  const d =
    s.kind === "idx"
      ? loadIdx(s.images, s.labels)
      : s.label !== undefined
        ? loadCsv(s.path, { label: s.label, header: s.header })
        : loadCsv(s.path, { targets: [...(s.targets ?? [])], header: s.header });
  const selected = s.classes === undefined ? d : selectClasses(d, s.classes);
  return s.subset === undefined ? selected : subsetDataset(selected, s.subset, seed);
}

/** The spec's sets before preprocessing, exactly as its generated loadData() builds them. */
export function rawData(plan: Plan): RawData & { whole: Dataset } {
  const data = plan.data;
  if (data === undefined) throw new UsageError(`${plan.source} declares no data block`);
  const whole = loadSource(data.train, plan.training.seed);
  const test = data.test === undefined ? undefined : loadSource(data.test, plan.training.seed);
  if (data.validation === undefined) return { whole, train: whole, validation: undefined, test };
  if (data.validation.kind === "split") {
    const parts = splitDataset(whole, data.validation.fraction, plan.training.seed);
    return { whole, train: parts.train, validation: parts.validation, test };
  }
  return { whole, train: whole, validation: loadSource(data.validation, plan.training.seed), test };
}
