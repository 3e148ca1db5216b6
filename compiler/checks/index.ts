/**
 * The structural rules, in the order they run. Name, argument, type and range errors are found while
 * binding (bind.ts, convert.ts, settings.ts); duplicate names there too. Each rule here reads the bound
 * context and collects diagnostics.
 */
import type { Rule } from "../context.ts";
import { required } from "./required.ts";
import { epochsOrSteps } from "./epochs-or-steps.ts";
import { emptyModel } from "./empty-model.ts";
import { augment } from "./augment.ts";
import { softmaxCrossEntropy } from "./softmax-cross-entropy.ts";
import { outputSize } from "./output-size.ts";
import { csvColumns } from "./csv-columns.ts";
import { split } from "./split.ts";
import { dataSubset } from "./data-subset.ts";
import { nesterov } from "./nesterov.ts";
import { momentumSchedule } from "./momentum-schedule.ts";
import { scheduleNeedsLength } from "./schedule-needs-length.ts";
import { scheduleLength } from "./schedule-length.ts";
import { lbfgsBatch } from "./lbfgs-batch.ts";
import { metricReference } from "./metric-reference.ts";
import { regularizerLayers } from "./regularizer-layers.ts";
import { snapshotEnsemble } from "./snapshot-ensemble.ts";
import { noise } from "./noise.ts";
import { scheduleRangeRule } from "./schedule-range.ts";
import { dataFiles } from "./data-files.ts";

export const checks: readonly Rule[] = [
  required,
  epochsOrSteps,
  emptyModel,
  augment,
  softmaxCrossEntropy,
  outputSize,
  csvColumns,
  split,
  dataSubset,
  nesterov,
  momentumSchedule,
  scheduleNeedsLength,
  scheduleLength,
  scheduleRangeRule,
  lbfgsBatch,
  metricReference,
  regularizerLayers,
  snapshotEnsemble,
  dataFiles,
  noise,
];
