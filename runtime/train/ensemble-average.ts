/**
 * Ensembles average class probabilities, not raw scores: members trained separately put their logits on
 * different scales, and the softmax makes each member's vote a distribution that sums to one. Used by the
 * snapshot ensemble of a training run (snapshot-ensemble.ts) and by the ensembles of the practice commands.
 */

/** Row-wise softmax of n × C scores (max-subtracted for stability), into a new array. */
export function softmaxRows(scores: ArrayLike<number>, n: number, C: number): Float64Array {
  const out = new Float64Array(n * C);
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let c = 0; c < C; c++) max = Math.max(max, scores[i * C + c]);
    let sum = 0;
    for (let c = 0; c < C; c++) {
      const e = Math.exp(scores[i * C + c] - max);
      out[i * C + c] = e;
      sum += e;
    }
    for (let c = 0; c < C; c++) out[i * C + c] /= sum;
  }
  return out;
}

/** The element-wise mean of equally sized probability tables. */
export function averageProbabilities(members: readonly Float64Array[]): Float64Array {
  if (members.length === 0) throw new RangeError("an ensemble needs at least one member");
  const out = new Float64Array(members[0].length);
  for (const m of members) {
    if (m.length !== out.length) throw new RangeError("ensemble members disagree on the number of predictions");
    for (let i = 0; i < out.length; i++) out[i] += m[i];
  }
  for (let i = 0; i < out.length; i++) out[i] /= members.length;
  return out;
}

/** Fraction of rows whose most probable class is the label (ties go to the lower class, as argmax). */
export function accuracyOf(probabilities: ArrayLike<number>, labels: ArrayLike<number>, C: number): number {
  const n = labels.length;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < C; c++) if (probabilities[i * C + c] > probabilities[i * C + best]) best = c;
    if (best === labels[i]) correct++;
  }
  return correct / n;
}

/** Mean and sample standard deviation (n − 1; 0 for a single value). */
export function meanStd(xs: readonly number[]): { mean: number; std: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.length < 2 ? 0 : xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return { mean, std: Math.sqrt(v) };
}
