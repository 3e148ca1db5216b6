/**
 * CosineAnnealingWarmRestarts: cycles of length T0, T0·Tmult, T0·Tmult², …;
 * min + (base − min)·(1 + cos(π·T_cur/T_i))/2 with T_cur the steps into the current cycle of length T_i.
 */
export function cosineRestartsSchedule(k: number, base: number, T0: number, Tmult: number, min: number): number {
  if (!(T0 >= 1) || !Number.isInteger(T0)) throw new RangeError(`cosine_restarts T0 must be an integer >= 1, got ${T0}`);
  if (!(Tmult >= 1) || !Number.isInteger(Tmult)) throw new RangeError(`cosine_restarts T_mult must be an integer >= 1, got ${Tmult}`);
  let tCur = k;
  let tI = T0;
  if (Tmult === 1) tCur = k % T0;
  else {
    while (tCur >= tI) {
      tCur -= tI;
      tI *= Tmult;
    }
  }
  return min + ((base - min) * (1 + Math.cos((Math.PI * tCur) / tI))) / 2;
}
