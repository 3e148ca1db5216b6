/**
 * The first index where a and b differ (Object.is: −0 and 0 differ, NaN equals NaN), or −1. Thread and kernel tests
 * report this instead of comparing arrays of hundreds of thousands of elements with toEqual, whose diff of a
 * failure takes minutes to print.
 */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}
