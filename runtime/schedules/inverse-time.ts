/** Inverse-time decay: base/(1 + decay·k). */
export function inverseTimeSchedule(k: number, base: number, decay: number): number {
  return base / (1 + decay * k);
}
