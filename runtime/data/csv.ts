/**
 * Numeric CSV files. Every cell is a decimal number (optionally in double quotes); the label column holds
 * a class index, the target columns regression targets, every other column is a feature. Values are parsed
 * as float64 and stored as float32, so decimal text written from a float32 round-trips exactly.
 * Column indices are 0-based. Accepts a UTF-8 BOM, LF, CRLF and CR-only line
 * ends and blank lines at the end of the file. Only regular files are read (not pipes or devices: /dev/zero
 * never ends), of at most MAX_CSV_BYTES.
 */
import type { Dataset } from "./dataset.ts";
import { DataError } from "./errors.ts";
import { readDataFile } from "./read-file.ts";

/** V8's longest string (2^29 - 24 UTF-16 units); a UTF-8 file of this many bytes decodes to at most that. */
const MAX_CSV_BYTES = 0x1fffffe8;

/** The largest finite float32. */
const F32_MAX = 3.4028234663852886e38;

export interface CsvOptions {
  /** 0-based column holding the class index (classification). */
  label?: number;
  /** 0-based columns holding the regression targets, in output order. */
  targets?: number[];
  /** The first line names the columns and is skipped. */
  header: boolean;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Splits one line on commas outside double quotes; cells keep their quotes (stripped by parseCell). */
function splitLine(line: string): string[] {
  const cells: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charCodeAt(i);
    if (ch === 34 /* " */) quoted = !quoted;
    else if (ch === 44 /* , */ && !quoted) {
      cells.push(line.slice(start, i));
      start = i + 1;
    }
  }
  cells.push(line.slice(start));
  return cells;
}

function unquote(cell: string): string {
  const t = cell.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).trim() : t;
}

function checkColumns(path: string, columns: number, label: number | undefined, targets: number[]): void {
  const check = (c: number, what: string): void => {
    if (!Number.isInteger(c) || c < 0 || c >= columns) {
      throw new DataError(path, `${what} column ${c} is out of range: the file has ${columns} columns (0-based indices 0..${columns - 1})`);
    }
  };
  if (label !== undefined) check(label, "label");
  for (const t of targets) check(t, "target");
  const all = label === undefined ? targets : [label, ...targets];
  if (new Set(all).size !== all.length) {
    throw new DataError(path, `label/target columns [${all.join(", ")}] repeat a column; expected distinct columns`);
  }
  if (all.length >= columns) {
    throw new DataError(path, `all ${columns} columns are label/target columns; expected at least one feature column`);
  }
}

export function loadCsv(path: string, options: CsvOptions): Dataset {
  // A file longer than V8's longest string cannot be decoded into one; it is refused before it is read.
  return parseCsv(path, readDataFile(path, "a CSV file", MAX_CSV_BYTES).toString("utf8"), options);
}

/** A data set from the text of a CSV file; `path` (or URL) names it in errors. */
export function parseCsv(path: string, text: string, options: CsvOptions): Dataset {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split(/\r\n|\r|\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === "") lines.pop();
  if (lines.length === 0) throw new DataError(path, "file is empty; expected rows of comma-separated numbers");
  const first = options.header ? 1 : 0;
  if (lines.length <= first) throw new DataError(path, "has a header line but no data rows");
  if (options.label !== undefined && options.targets !== undefined) {
    throw new DataError(path, "both a label column and target columns were given; expected one of them");
  }
  const targets = options.targets ?? [];
  const label = options.label;
  const columns = splitLine(lines[0]).length;
  checkColumns(path, columns, label, targets);

  const role = new Int8Array(columns); // 0 feature, 1 label, 2 target
  if (label !== undefined) role[label] = 1;
  for (const t of targets) role[t] = 2;
  const features = columns - (label === undefined ? 0 : 1) - targets.length;
  const targetSlot = new Int32Array(columns).fill(-1);
  targets.forEach((c, k) => (targetSlot[c] = k));

  const n = lines.length - first;
  const x = new Float32Array(n * features);
  const labels = label === undefined ? undefined : new Int32Array(n);
  const targetData = targets.length === 0 ? undefined : new Float32Array(n * targets.length);
  let maxLabel = -1;
  for (let r = 0; r < n; r++) {
    const lineNo = first + r + 1;
    const cells = splitLine(lines[first + r]);
    if (cells.length !== columns) {
      const found = lines[first + r].trim() === "" ? "found a blank line" : `found ${cells.length}`;
      throw new DataError(path, `ragged row: expected ${columns} columns, ${found}`, lineNo);
    }
    let f = r * features;
    for (let c = 0; c < columns; c++) {
      const cell = unquote(cells[c]);
      if (!NUMBER.test(cell)) {
        throw new DataError(path, `column ${c}: cell "${cells[c].trim()}" is not a number`, lineNo);
      }
      const v = Number(cell);
      // Features and targets are stored as float32; a larger magnitude would silently become ±Infinity.
      if (role[c] !== 1 && !(Math.abs(v) <= F32_MAX)) {
        throw new DataError(
          path,
          `column ${c}: value ${cell} is too large for float32 (magnitude at most ${F32_MAX.toPrecision(5)})`,
          lineNo,
        );
      }
      if (role[c] === 0) x[f++] = v;
      else if (role[c] === 2) targetData![r * targets.length + targetSlot[c]] = v;
      else {
        if (!Number.isInteger(v) || v < 0 || v > 0x7fffffff) {
          throw new DataError(path, `label column ${c} holds "${cell}"; expected a non-negative integer class index`, lineNo);
        }
        labels![r] = v;
        if (v > maxLabel) maxLabel = v;
      }
    }
  }
  return {
    x,
    n,
    features,
    shape: [features],
    labels,
    targets: targetData,
    targetSize: targets.length,
    classes: labels !== undefined ? maxLabel + 1 : targets.length,
    source: path,
  };
}
