/*
 * OneCycleLR (PyTorch 1.13.1). Phases end at fractional steps: two-phase
 *   [0, pct·total − 1]: initial → max,  (…, total − 1]: max → min;
 * three-phase
 *   [0, pct·total − 1]: initial → max,  (…, 2·pct·total − 2]: max → initial,  (…, total − 1]: initial → min,
 * with initial = max/div, min = initial/finalDiv. Within a phase p = (k − s0)/(s1 − s0) and the value is
 * end + (start − end)/2·(cos πp + 1) ('cos') or (end − start)·p + start ('linear'). Momentum follows
 * maxM → baseM → maxM (three-phase: maxM → baseM, baseM → maxM, maxM → maxM).
 */

export type Anneal = "cos" | "linear";

function annealValue(anneal: Anneal, start: number, end: number, pct: number): number {
  if (anneal === "cos") return end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
  return (end - start) * pct + start;
}

/** Phase ends and which of the three endpoint values (0, 1, 2) each phase goes from/to. */
function phaseValue(
  k: number,
  total: number,
  pct: number,
  threePhase: boolean,
  anneal: Anneal,
  v: readonly [number, number, number, number, number, number],
): number {
  // v = [phase1 start, phase1 end, phase2 start, phase2 end, phase3 start, phase3 end]
  const ends = threePhase ? [pct * total - 1, 2 * pct * total - 2, total - 1] : [pct * total - 1, total - 1];
  let s0 = 0;
  for (let i = 0; i < ends.length; i++) {
    if (k <= ends[i] || i === ends.length - 1) return annealValue(anneal, v[2 * i], v[2 * i + 1], (k - s0) / (ends[i] - s0));
    s0 = ends[i];
  }
  throw new Error("unreachable: the last phase always returns");
}

export function oneCycleLr(
  k: number,
  max: number,
  total: number,
  pct: number,
  anneal: Anneal,
  div: number,
  finalDiv: number,
  threePhase: boolean,
): number {
  const initial = max / div;
  const min = initial / finalDiv;
  const v: [number, number, number, number, number, number] = threePhase
    ? [initial, max, max, initial, initial, min]
    : [initial, max, max, min, 0, 0];
  return phaseValue(k, total, pct, threePhase, anneal, v);
}

export function oneCycleMomentum(
  k: number,
  total: number,
  pct: number,
  anneal: Anneal,
  threePhase: boolean,
  baseM: number,
  maxM: number,
): number {
  const v: [number, number, number, number, number, number] = threePhase
    ? [maxM, baseM, baseM, maxM, maxM, maxM]
    : [maxM, baseM, baseM, maxM, 0, 0];
  return phaseValue(k, total, pct, threePhase, anneal, v);
}
