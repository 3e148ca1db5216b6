import type { FloatArray } from "../types.ts";

/*
 * Losses over a batch of B rows of C scores (row-major [B, C], element (b, c) at off + b*C + c).
 * Each returns the mean loss over the batch as a float64 number and writes (=) the gradient of that
 * mean with respect to its input, multiplied by gradMul (1/accumulate under gradient accumulation).
 */

function checkLabel(label: number, C: number, row: number): void {
  if (!(label >= 0 && label < C)) throw new RangeError(`label ${label} of row ${row} is outside [0, ${C})`);
}

/**
 * torch.nn.CrossEntropyLoss on raw logits with label smoothing ε:
 * loss_b = (1−ε)(−log p_y) + ε·mean_c(−log p_c), log p = x − logsumexp(x);
 * d loss_b / d x_c = p_c − (1−ε)·[c = y] − ε/C.
 */
export function softmaxCrossEntropy(
  B: number,
  C: number,
  logits: FloatArray,
  lOff: number,
  labels: Int32Array,
  labOff: number,
  smoothing: number,
  dLogits: FloatArray,
  dOff: number,
  gradMul: number,
): number {
  const scale = gradMul / B;
  const eC = smoothing / C;
  let total = 0;
  for (let b = 0; b < B; b++) {
    const r = lOff + b * C;
    const d = dOff + b * C;
    const y = labels[labOff + b];
    checkLabel(y, C, b);
    let max = -Infinity;
    for (let c = 0; c < C; c++) if (logits[r + c] > max) max = logits[r + c];
    let sum = 0;
    let sumX = 0;
    for (let c = 0; c < C; c++) {
      sum += Math.exp(logits[r + c] - max);
      sumX += logits[r + c];
    }
    const lse = max + Math.log(sum);
    const nllY = lse - logits[r + y];
    const meanNll = lse - sumX / C;
    total += (1 - smoothing) * nllY + smoothing * meanNll;
    for (let c = 0; c < C; c++) {
      const p = Math.exp(logits[r + c] - lse);
      dLogits[d + c] = (p - (c === y ? 1 - smoothing : 0) - eC) * scale;
    }
  }
  return total / B;
}

/** Soft targets t (rows meant to sum to 1): loss_b = −Σ_c t_c log p_c; gradient p_c·Σt − t_c. */
export function softmaxCrossEntropySoft(
  B: number,
  C: number,
  logits: FloatArray,
  lOff: number,
  targets: FloatArray,
  tOff: number,
  dLogits: FloatArray,
  dOff: number,
  gradMul: number,
): number {
  const scale = gradMul / B;
  let total = 0;
  for (let b = 0; b < B; b++) {
    const r = lOff + b * C;
    const t = tOff + b * C;
    const d = dOff + b * C;
    let max = -Infinity;
    for (let c = 0; c < C; c++) if (logits[r + c] > max) max = logits[r + c];
    let sum = 0;
    for (let c = 0; c < C; c++) sum += Math.exp(logits[r + c] - max);
    const lse = max + Math.log(sum);
    let sumT = 0;
    for (let c = 0; c < C; c++) {
      const tc = targets[t + c];
      sumT += tc;
      total += tc * (lse - logits[r + c]);
    }
    for (let c = 0; c < C; c++) dLogits[d + c] = (Math.exp(logits[r + c] - lse) * sumT - targets[t + c]) * scale;
  }
  return total / B;
}

/**
 * Multiclass SVM (CS231n): loss_b = Σ_{j≠y} max(0, s_j − s_y + margin), mean over B.
 * Subgradient: +1 for every active j, −(number active) for y; a margin of exactly 0 is inactive.
 */
export function hingeLoss(
  B: number,
  C: number,
  scores: FloatArray,
  sOff: number,
  labels: Int32Array,
  labOff: number,
  margin: number,
  dScores: FloatArray,
  dOff: number,
  gradMul: number,
): number {
  const scale = gradMul / B;
  let total = 0;
  for (let b = 0; b < B; b++) {
    const r = sOff + b * C;
    const d = dOff + b * C;
    const y = labels[labOff + b];
    checkLabel(y, C, b);
    const sy = scores[r + y];
    let active = 0;
    for (let c = 0; c < C; c++) {
      if (c === y) continue;
      const m = scores[r + c] - sy + margin;
      if (m > 0) {
        total += m;
        active++;
        dScores[d + c] = scale;
      } else {
        dScores[d + c] = 0;
      }
    }
    dScores[d + y] = -active * scale;
  }
  return total / B;
}

/** torch.nn.MSELoss (mean): Σ (o − t)² / (B·D); gradient 2(o − t)/(B·D). */
export function mseLoss(
  B: number,
  D: number,
  out: FloatArray,
  oOff: number,
  targets: FloatArray,
  tOff: number,
  dOut: FloatArray,
  dOff: number,
  gradMul: number,
): number {
  const n = B * D;
  const scale = (2 * gradMul) / n;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const e = out[oOff + i] - targets[tOff + i];
    total += e * e;
    dOut[dOff + i] = e * scale;
  }
  return total / n;
}

/** Rows whose first maximal score is at the label. */
export function countCorrect(B: number, C: number, scores: FloatArray, sOff: number, labels: Int32Array, labOff: number): number {
  let correct = 0;
  for (let b = 0; b < B; b++) {
    const r = sOff + b * C;
    let best = 0;
    for (let c = 1; c < C; c++) if (scores[r + c] > scores[r + best]) best = c;
    if (best === labels[labOff + b]) correct++;
  }
  return correct;
}

/** Rows whose label is among the k best scores; ties rank the lower class index first (as countCorrect). */
export function countTopK(B: number, C: number, scores: FloatArray, sOff: number, labels: Int32Array, labOff: number, k: number): number {
  let correct = 0;
  for (let b = 0; b < B; b++) {
    const r = sOff + b * C;
    const y = labels[labOff + b];
    const sy = scores[r + y];
    let ahead = 0;
    for (let c = 0; c < C; c++) {
      const s = scores[r + c];
      if (s > sy || (s === sy && c < y)) ahead++;
    }
    if (ahead < k) correct++;
  }
  return correct;
}
