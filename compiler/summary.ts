/** The per-layer table `nnc check` prints: name, kind, output shape, parameters; and the totals. */
import { estimateMemory, WASM_MEMORY_LIMIT, type MemoryEstimate } from "./codegen/arena-size.ts";
import type { Plan } from "./ir.ts";
import { layerOf, layerParameters } from "./definitions/layers/index.ts";
import { summaryTree, type SummaryNode } from "./summary-tree.ts";

export { layerParameters };
export type { SummaryModule, SummaryNode } from "./summary-tree.ts";

export interface SummaryRow {
  readonly name: string;
  /** `dense(256)`, `relu`, `dropout(0.2)` */
  readonly kind: string;
  readonly outputShape: readonly number[];
  readonly parameters: number;
  /** Forward FLOPs per sample. */
  readonly flops: number;
}

export interface Summary {
  readonly input: readonly number[];
  /** Every layer, in the order the forward pass runs them. */
  readonly rows: readonly SummaryRow[];
  /** The module tree over the rows: block instances, repetitions and branches (a sequential model: only layers). */
  readonly tree: readonly SummaryNode[];
  readonly parameters: number;
  readonly flopsPerSample: number;
  readonly batchSize: number;
  /** The WebAssembly arena a training run allocates (and L-BFGS's history pair size). */
  readonly memory: MemoryEstimate;
}

export function summarize(plan: Plan): Summary {
  const rows = plan.layers.map((l) => ({
    name: l.name,
    kind: layerOf(l).summary(l),
    outputShape: l.outputShape,
    parameters: layerParameters(l),
    flops: layerOf(l).flops(l),
  }));
  return {
    input: plan.inputShape,
    rows,
    tree: summaryTree(plan.scopes, rows),
    parameters: plan.parameterCount,
    flopsPerSample: plan.flopsPerSample,
    batchSize: plan.training.batchSize,
    memory: estimateMemory(plan),
  };
}

/** Thousands separated by commas: 235,146. */
export function groupDigits(n: number): string {
  if (!(Math.abs(n) < 1e21)) return String(n); // 3e+300: digits past 2^53 mean nothing
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** 1.5 GiB, 312 MiB, 4 KiB: binary units, as the limit is one. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "more bytes than can be counted";
  if (bytes >= 1024 ** 7) return `${bytes.toExponential(1)} bytes`;
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
  let u = 0;
  let v = bytes;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} bytes` : `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

/** The table's lines below the input: a sequential model's layers, or a graph model's modules with their layers indented. */
function tableRows(s: Summary): string[][] {
  if (s.tree.every((n) => "layer" in n)) {
    return s.rows.map((r) => [r.name, r.kind, `[${r.outputShape.join(", ")}]`, groupDigits(r.parameters)]);
  }
  // A graph model's table also gives each row's FLOPs: a block's cost is what its subtotal is read for.
  const out: string[][] = [];
  const visit = (n: SummaryNode, depth: number): void => {
    const r = "layer" in n ? s.rows[n.layer] : n;
    out.push(["  ".repeat(depth) + r.name, r.kind, `[${r.outputShape.join(", ")}]`, groupDigits(r.parameters), groupDigits(r.flops)]);
    if (!("layer" in n)) for (const c of n.children) visit(c, depth + 1);
  };
  for (const n of s.tree) visit(n, 0);
  return out;
}

/** A plain-text table, columns padded to their widest cell. */
export function formatSummary(s: Summary): string {
  const body = tableRows(s);
  const nested = body[0]?.length === 5;
  const header = nested ? ["layer", "kind", "output", "params", "FLOPs"] : ["layer", "kind", "output", "params"];
  const rows = [["input", "", `[${s.input.join(", ")}]`, "", ...(nested ? [""] : [])], ...body];
  // reduce, not Math.max(...rows): a model of 100,000+ layers would overflow the stack as arguments.
  const widths = header.map((h, i) => rows.reduce((w, r) => Math.max(w, r[i].length), h.length));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i >= 3 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [
    line(header),
    rule,
    ...rows.map(line),
    rule,
    `total parameters: ${groupDigits(s.parameters)}`,
    `FLOPs per sample (forward): ${groupDigits(s.flopsPerSample)}`,
    `memory: ${formatBytes(s.memory.arenaBytes)} of WebAssembly memory at batch_size ${groupDigits(s.batchSize)} (${formatBytes(s.memory.bytesPerSample)} per sample), of the ${formatBytes(WASM_MEMORY_LIMIT)} limit`,
  ].join("\n");
}
