/** Plain-text tables for the terminal: columns padded to their widest cell, numbers right-aligned. */
export type Cell = string | number;

export function formatTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = rows.map((r) => r.map((c) => String(c)));
  const widths = header.map((h, j) => Math.max(h.length, ...text.map((r) => (r[j] ?? "").length)));
  const numeric = header.map(
    (_, j) => rows.length > 0 && rows.every((r) => typeof r[j] === "number" || /^[-+]?[\d.]+(e[-+]?\d+)?%?$|^-$/.test(String(r[j]))),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((c, j) => (numeric[j] ? c.padStart(widths[j]) : c.padEnd(widths[j])))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...text.map(line)].join("\n");
}

/** 3 significant digits, exponent form outside [1e-3, 1e4). */
export function sig(x: number | undefined | null): string {
  if (x === undefined || x === null) return "-";
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a < 1e-3 || a >= 1e4 ? x.toExponential(2) : x.toPrecision(3);
}

export function percent(x: number | undefined): string {
  return x === undefined ? "-" : `${(x * 100).toFixed(1)}%`;
}
