/**
 * Boosting by resampling with SAMME (runtime/practice/ensemble/samme.ts): each round trains a network on n
 * rows drawn with replacement from the training set with probabilities w (the rows the previous rounds got
 * wrong drawn more often), measures its weighted error on the whole training set, gives it its vote α and
 * reweights. Rounds are sequential (each needs the last one's weights); a round trains with the spec's own
 * threads.
 *
 * Resampling rather than a weighted loss: the sample weights then reach training through the data alone,
 * so every loss, optimizer, augmentation and the data-parallel path work unchanged, and preprocessing is
 * fitted on what the round trains on, as bagging does; a weighted loss would need a per-row weight in every
 * loss kernel and its gradient in generated code. Freund & Schapire (1996) describe boosting by resampling
 * for learners that cannot take weights; its cost is the sampling noise of the draw.
 */
import { join } from "node:path";
import { applyPreprocessing, predictAll, prepareData, runTraining } from "../../runtime/index.ts";
import { copyRows } from "../../runtime/data/copy-rows.ts";
import { argmaxRows, sammeRound, sammeVote, uniformWeights, weightedResample } from "../../runtime/practice/ensemble/samme.ts";
import { trialSeed } from "../../runtime/practice/search/sample.ts";
import { loadSpecText } from "./trial.ts";
import { rawData } from "./data.ts";

export interface BoostOptions {
  readonly text: string;
  readonly specPath: string;
  readonly rounds: number;
  readonly epochs: number | undefined;
  /** When set, round m's checkpoint, training state and metrics go to OUT/round-MM. */
  readonly outDir: string | undefined;
  readonly onRound?: (r: BoostRound) => void;
}

export interface BoostRound {
  readonly round: number;
  /** Seed of the round's draw and of its network's initialisation (trialSeed(spec seed, round − 1), as bagging's members). */
  readonly seed: number;
  readonly weightedError: number;
  readonly alpha: number;
  /** The round's network alone on the evaluation set. */
  readonly accuracy: number;
  /** The boosted ensemble of rounds 1..m on the evaluation set (null while it has no member). */
  readonly ensembleAccuracy: number | null;
  readonly stop?: "perfect" | "chance";
}

export interface BoostResult {
  readonly set: "test" | "validation";
  readonly rows: number;
  readonly rounds: readonly BoostRound[];
  readonly ensembleAccuracy: number | null;
}

function accuracy(predicted: Int32Array, labels: Int32Array): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return correct / labels.length;
}

export async function runBoosting(o: BoostOptions): Promise<BoostResult> {
  const { module, plan } = await loadSpecText(o.text, o.specPath);
  const raw = rawData(plan);
  const K = module.DEFINITION.outputSize;
  const train = raw.train;
  const labels = train.labels as Int32Array;
  let weights = uniformWeights(train.n);
  const votes: Int32Array[] = [];
  const alphas: number[] = [];
  const rounds: BoostRound[] = [];
  let set: "test" | "validation" = "test";
  let evalLabels: Int32Array = new Int32Array(0);
  for (let m = 0; m < o.rounds; m++) {
    const seed = trialSeed(plan.training.seed, m);
    const drawn = copyRows(train, weightedResample(weights, train.n, seed), `${train.source} (boosting round ${m + 1}, seed ${seed})`);
    const data = prepareData({ train: drawn, validation: raw.validation, test: raw.test }, module.PREPROCESS as never, module.DEFINITION);
    const model = module.createModel(seed);
    const outDir = o.outDir === undefined ? undefined : join(o.outDir, `round-${String(m + 1).padStart(2, "0")}`);
    runTraining(model, data, { epochs: o.epochs, seed, data, outDir });
    // The error is weighted over the whole training set, each row preprocessed as this round's network expects.
    const whole = applyPreprocessing(data.preprocessing, train);
    const round = sammeRound(weights, labels, argmaxRows(predictAll(model, whole), whole.n, K), K);
    const evaluation = data.test ?? data.validation;
    if (evaluation?.labels === undefined) throw new Error("internal: boosting without labelled evaluation rows");
    set = data.test !== undefined ? "test" : "validation";
    evalLabels = evaluation.labels;
    const predicted = argmaxRows(predictAll(model, evaluation), evaluation.n, K);
    // A round no better than chance gets no vote and leaves the weights as they were (Zhu et al.).
    if (round.stop !== "chance") {
      votes.push(predicted);
      alphas.push(round.alpha);
      weights = round.weights;
    }
    const r: BoostRound = {
      round: m + 1,
      seed,
      weightedError: round.error,
      alpha: round.alpha,
      accuracy: accuracy(predicted, evalLabels),
      ensembleAccuracy: votes.length === 0 ? null : accuracy(sammeVote(votes, alphas, K), evalLabels),
      ...(round.stop ? { stop: round.stop } : {}),
    };
    rounds.push(r);
    o.onRound?.(r);
    if (round.stop !== undefined) break;
  }
  return { set, rows: evalLabels.length, rounds, ensembleAccuracy: rounds[rounds.length - 1]?.ensembleAccuracy ?? null };
}
