/** A one-line terminal chart of a series, lowest value ▁ to highest █ (the last `width` values). */
const BARS = "▁▂▃▄▅▆▇█";

export function sparkline(values: readonly number[], width = 24): string {
  const v = values.filter((x) => Number.isFinite(x)).slice(-width);
  if (v.length === 0) return "";
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  return v.map((x) => BARS[hi > lo ? Math.round(((x - lo) / (hi - lo)) * (BARS.length - 1)) : 0]).join("");
}
