/**
 * Hostile data files for the fuzzer: IDX files with wrong magic numbers, element types and dimension
 * counts, truncated or padded bodies, headers that declare gigabytes, gzip bombs behind valid and invalid
 * headers, corrupt gzip; CSV text with CR-only, CRLF and mixed line ends, quotes, huge and malformed
 * numbers, control and bidi characters; paths that are not regular files (a directory, a named pipe,
 * /dev/zero, a symlink to a device); file names holding control and bidi characters. `fuzzDataOne` loads
 * one through the real loaders and returns what broke the promises of docs/reliability.md: the loader
 * either returns a consistent data set or throws a DataError whose message is one escaped line naming
 * the file; it never blocks, and never allocates more than the header declares plus a small bound.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { loadCsv, loadIdx, DataError, type Dataset } from "../../../runtime/data/index.ts";
import { gzipBomb } from "./gzip-bomb.ts";

export type HostileFile =
  | { readonly kind: "idx"; readonly images: FileSpec; readonly labels: FileSpec; readonly origin: string }
  | {
      readonly kind: "csv";
      readonly file: FileSpec;
      readonly header: boolean;
      readonly label: number | undefined;
      readonly origin: string;
    };

/** A file to create: bytes, or a path that is not a regular file. */
export type FileSpec =
  | { readonly type: "bytes"; readonly name: string; readonly bytes: Uint8Array }
  | { readonly type: "directory" | "fifo" | "dev-zero" | "symlink-dev-zero" | "missing"; readonly name: string };

const u32 = (...v: number[]) => v.flatMap((x) => [(x >>> 24) & 255, (x >>> 16) & 255, (x >>> 8) & 255, x & 255]);
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;

/** Names with the characters a message must escape. */
const nameArb = fc.constantFrom(
  "data",
  "evil\u202Etxt.exe",
  "line\u2028sep",
  "nel\u0085x",
  "cr\rx",
  "esc\u001b[2Jx",
  "tab\tx",
  "données",
  "数据",
);

const dimsArb: fc.Arbitrary<number[]> = fc.oneof<fc.Arbitrary<number[]>[]>(
  fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })).map((d) => [...d]),
  fc.constant<number[]>([65536, 256, 256]), // declares 4 GiB
  fc.constant<number[]>([0xffffffff, 0xffffffff, 0xffffffff]),
  fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 0, maxLength: 6 }),
);

/** An IDX file: a header (possibly wrong) and a body (possibly the wrong length), possibly gzipped or corrupted. */
function idxBytesArb(role: "images" | "labels"): fc.Arbitrary<{ bytes: Uint8Array; origin: string }> {
  const header = fc.record({
    type: fc.constantFrom(0x08, 0x08, 0x08, 0x09, 0x0d, 0x00, 0xff),
    dims:
      role === "labels"
        ? fc.oneof(
            fc.integer({ min: 0, max: 5 }).map((n) => [n]),
            dimsArb,
          )
        : dimsArb,
    first: fc.constantFrom(0, 0, 0, 1),
  });
  return fc
    .record({
      header,
      lengthDelta: fc.constantFrom(0, 0, 0, -1, 1, -5, 100),
      gzip: fc.constantFrom("none", "none", "gzip", "corrupt-gzip", "bomb"),
      label: fc.integer({ min: 0, max: 255 }),
    })
    .map(({ header: h, lengthDelta, gzip, label }) => {
      const head = [h.first, 0, h.type, h.dims.length, ...u32(...h.dims)];
      const declared = h.dims.reduce((a, b) => a * b, 1);
      const bodyLength = Math.max(0, Math.min(declared, 4096) + lengthDelta);
      const body = Array.from({ length: bodyLength }, (_, i) => (role === "labels" ? (i * 7 + label) % 256 : (i * 31) % 256));
      let bytes: Uint8Array = Uint8Array.from([...head, ...body]);
      if (gzip === "gzip") bytes = gzipSync(bytes);
      if (gzip === "corrupt-gzip") {
        bytes = gzipSync(bytes);
        bytes[Math.floor(bytes.length / 2)] ^= 0x5a;
      }
      // 64 MiB of zeros after the header: enough to show the loader stops at what the header declares.
      if (gzip === "bomb") bytes = gzipBomb(Uint8Array.from(head), 64 << 20);
      return { bytes, origin: `idx ${role} type 0x${h.type.toString(16)} dims [${h.dims.join(", ")}] body ${bodyLength} ${gzip}` };
    });
}

const cellArb = fc.oneof(
  fc.integer({ min: -5, max: 5 }).map(String),
  fc.double({ noNaN: false }).map(String),
  fc.constantFrom(
    "1e39",
    "-3.5e38",
    "NaN",
    "Infinity",
    "",
    " ",
    '"1"',
    '"',
    "1,2",
    "x",
    "\u202E1",
    "1\u2028",
    "0x10",
    "1e",
    ".5",
    "+.5e-3",
  ),
);
const lineEndArb = fc.constantFrom("\n", "\r\n", "\r", "\n\r", "\u2028", "\u0085");

const csvTextArb = fc
  .record({
    rows: fc.array(fc.array(cellArb, { minLength: 1, maxLength: 6 }), { minLength: 0, maxLength: 20 }),
    ends: fc.array(lineEndArb, { minLength: 1, maxLength: 3 }),
    bom: fc.boolean(),
    trailing: fc.constantFrom("", "\n", "\n\n", "\r", "   "),
  })
  .map(
    ({ rows, ends, bom, trailing }) => (bom ? "\ufeff" : "") + rows.map((r, i) => r.join(",") + ends[i % ends.length]).join("") + trailing,
  );

const specialArb = fc.constantFrom("directory", "fifo", "dev-zero", "symlink-dev-zero", "missing") as fc.Arbitrary<
  "directory" | "fifo" | "dev-zero" | "symlink-dev-zero" | "missing"
>;

function fileArb(
  bytes: fc.Arbitrary<{ bytes: Uint8Array; origin: string }>,
  suffix: string,
): fc.Arbitrary<{ spec: FileSpec; origin: string }> {
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .tuple(nameArb, bytes)
        .map(([name, b]) => ({ spec: { type: "bytes" as const, name: name + suffix, bytes: b.bytes }, origin: b.origin })),
    },
    { weight: 1, arbitrary: fc.tuple(nameArb, specialArb).map(([name, type]) => ({ spec: { type, name: name + suffix }, origin: type })) },
  );
}

export const hostileFileArb: fc.Arbitrary<HostileFile> = fc.oneof(
  fc.tuple(fileArb(idxBytesArb("images"), ".idx"), fileArb(idxBytesArb("labels"), ".labels.idx")).map(([images, labels]) => ({
    kind: "idx" as const,
    images: images.spec,
    labels: labels.spec,
    origin: `images: ${images.origin}; labels: ${labels.origin}`,
  })),
  fc
    .tuple(
      fileArb(
        csvTextArb.map((t) => ({ bytes: Buffer.from(t, "utf8"), origin: `csv ${JSON.stringify(t.slice(0, 60))}` })),
        ".csv",
      ),
      fc.boolean(),
      fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
    )
    .map(([file, header, label]) => ({ kind: "csv" as const, file: file.spec, header, label, origin: file.origin })),
);

/** Creates `f` in `dir`; returns its path (special files only where the platform has them). */
function materialize(dir: string, f: FileSpec): string {
  const path = join(dir, f.name);
  if (f.type === "bytes") writeFileSync(path, f.bytes);
  else if (f.type === "directory") mkdirSync(path);
  else if (f.type === "fifo") {
    if (process.platform === "win32" || spawnSync("mkfifo", [path]).status !== 0) mkdirSync(path);
  } else if (f.type === "dev-zero") return existsSync("/dev/zero") ? "/dev/zero" : path;
  else if (f.type === "symlink-dev-zero") {
    if (existsSync("/dev/zero")) symlinkSync("/dev/zero", path);
  }
  return path;
}

function checkDataset(d: Dataset, failures: string[]): void {
  if (d.x.length !== d.n * d.features) failures.push(`x has ${d.x.length} values for ${d.n} rows of ${d.features}`);
  if (d.labels && d.labels.length !== d.n) failures.push(`${d.labels.length} labels for ${d.n} rows`);
  for (let i = 0; i < d.x.length; i++)
    if (!Number.isFinite(d.x[i])) {
      failures.push(`non-finite feature at ${i}`);
      break;
    }
}

/** What went wrong loading one hostile file (empty when every promise held). */
export function fuzzDataOne(f: HostileFile): string[] {
  const dir = mkdtempSync(join(tmpdir(), "nnc-fuzz-data-"));
  const failures: string[] = [];
  const before = process.memoryUsage().arrayBuffers;
  try {
    let paths: string[];
    let load: () => Dataset;
    if (f.kind === "idx") {
      const images = materialize(dir, f.images);
      // Two names may coincide; the labels file then gets its own folder.
      const sub = join(dir, "labels");
      mkdirSync(sub);
      const labels = materialize(sub, f.labels);
      paths = [images, labels];
      load = () => loadIdx(images, labels);
    } else {
      const file = materialize(dir, f.file);
      paths = [file];
      load = () => loadCsv(file, { header: f.header, label: f.label });
    }
    try {
      checkDataset(load(), failures);
    } catch (e) {
      if (!(e instanceof DataError)) failures.push(`threw ${(e as Error)?.name}: ${(e as Error)?.message}`);
      else {
        if (UNSAFE.test(e.message)) failures.push(`message carries a raw control or bidi character: ${JSON.stringify(e.message)}`);
        if (!paths.some((p) => e.path === p)) failures.push(`message names ${JSON.stringify(e.path)}, not one of the files`);
      }
    }
    // Bombs inflate to 64 MiB; the loader may hold what the header declares (≤ 4 KiB here) plus the compressed file.
    const grown = process.memoryUsage().arrayBuffers - before;
    if (grown > 32 << 20) failures.push(`array buffers grew by ${(grown / 2 ** 20).toFixed(0)} MiB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return failures;
}

/** `npm run fuzz -- --data`: `runs` hostile files, stopping at the first broken promise; returns the exit code. */
export function runDataCampaign(runs: number, seed: number): number {
  const started = performance.now();
  const kinds = { idx: 0, csv: 0 };
  console.log(`fuzz --data: ${runs} hostile data files, seed ${seed}`);
  const result = fc.check(
    fc.property(hostileFileArb, (f) => {
      kinds[f.kind]++;
      const failures = fuzzDataOne(f);
      if (failures.length > 0) throw new Error(`${f.origin}\n  ${failures.join("\n  ")}`);
    }),
    { numRuns: runs, seed },
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `fuzz --data: ${kinds.idx} IDX pairs and ${kinds.csv} CSV files in ${seconds.toFixed(0)} s; ${result.failed ? 1 : 0} failures`,
  );
  if (!result.failed) return 0;
  console.error(fc.defaultReportMessage(result));
  return 1;
}
