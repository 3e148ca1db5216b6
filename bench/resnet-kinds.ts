/**
 * Where a ResNet-20 training step goes, nnc beside PyTorch 1.13.1, both on one thread: nnc's step as `nnc train
 * examples/fashion-resnet.nn --profile --threads 1` times it layer by layer, PyTorch's (bench/pytorch/peer.py
 * `resnet-kinds`, its default build) as torch.profiler gives each operator's own CPU time, both summed by kind of
 * layer: each convolution shape (forward and backward), batch norm with the residual adds and ReLUs (nnc fuses the
 * ReLUs into them), and the rest. One thread, so that the rows compare kernels and not how the host places the
 * VM's two cores; each side's unprofiled step is timed too, and the last rows set a step with every kind at the
 * faster side's time beside a step at 1.4× PyTorch's: whether the ResNet target can be met by catching up alone.
 * Used by bench/run.ts; alone: `node bin/run-ts.js bench/resnet-kinds.ts [--steps N]`.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadSpecModule } from "../cli/spec-module.ts";
import { nncSlice } from "./cnn.ts";
import { peerResnetKinds, pytorchMissing } from "./pytorch.ts";

const root = resolve(import.meta.dirname, "..");
const SPEC = join(root, "examples/fashion-resnet.nn");

export interface KindRow {
  readonly kind: string;
  /** How many layers of the network the row covers. */
  readonly count: number;
  readonly nncMs: number;
  readonly pytorchMs: number;
}

export interface ResnetKinds {
  readonly rows: KindRow[];
  /** Steps without a profiler, ms, one thread. */
  readonly nncStepMs: number;
  readonly pytorchStepMs: number;
  /** The rows' sums: each side's step under its profiler. */
  readonly nncProfiledMs: number;
  readonly pytorchProfiledMs: number;
}

interface ConvKey {
  readonly C: number;
  readonly O: number;
  readonly k: number;
  readonly H: number;
}

/** `profile.json`'s rows: a layer or phase, with its milliseconds a step. */
type ProfileRows = { name: string; forwardMs?: number; backwardMs?: number }[];

const CONV_ROW = /conv2d \[(\d+), (\d+), \d+\] → \[(\d+), (\d+), \d+\], kernel (\d+)/;
const NORM_AND_ADDS = "batch norm, residual adds, ReLU";
const REST = "everything else (pooling, head, loss, augmentation, update, framework)";

const convKind = (c: ConvKey, stride: number): string =>
  `${c.k}×${c.k} conv ${c.C} → ${c.O} on ${c.H}×${c.H}${stride > 1 ? `, stride ${stride}` : ""}`;

/** nnc's profile rows (name, forward and backward ms a step) summed by kind, with the convolutions' strides. */
function nncKinds(rows: ProfileRows) {
  const ms = new Map<string, number>();
  const count = new Map<string, number>();
  const strides = new Map<string, number>();
  for (const row of rows) {
    const conv = CONV_ROW.exec(row.name);
    let kind = REST;
    if (conv) {
      const [C, H, O, Ho, k] = conv.slice(1).map(Number);
      const key = { C, O, k, H };
      strides.set(JSON.stringify(key), H / Ho);
      kind = convKind(key, H / Ho);
    } else if (/batchnorm|: add /.test(row.name) || /^relu\b/.test(row.name)) {
      kind = NORM_AND_ADDS;
    }
    ms.set(kind, (ms.get(kind) ?? 0) + (row.forwardMs ?? 0) + (row.backwardMs ?? 0));
    if (conv) count.set(kind, (count.get(kind) ?? 0) + 1);
  }
  return { ms, count, strides };
}

const rowsTotal = (rows: ProfileRows) => rows.reduce((s, r) => s + (r.forwardMs ?? 0) + (r.backwardMs ?? 0), 0);

/** nnc's profile of `steps` one-thread steps through the CLI, as a user runs it. */
function nncProfile(steps: number): ProfileRows {
  const out = mkdtempSync(join(tmpdir(), "nnc-resnet-kinds-"));
  try {
    execFileSync(
      process.execPath,
      [join(root, "bin/nnc.js"), "train", SPEC, "--steps", String(steps + 1), "--profile", "--threads", "1", "--out", out],
      { cwd: root, stdio: ["ignore", "ignore", "pipe"] },
    );
    return (JSON.parse(readFileSync(join(out, "profile.json"), "utf8")) as { rows: ProfileRows }).rows;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Both sides' steps by kind, each from the least loaded of `repeats` profiled runs (the host's load comes and goes). */
export async function resnetKinds(steps: number, repeats = 2): Promise<ResnetKinds> {
  const profiles = Array.from({ length: repeats }, () => nncProfile(steps));
  const nnc = nncKinds(profiles.reduce((best, p) => (rowsTotal(p) < rowsTotal(best) ? p : best)));
  const { module } = await loadSpecModule(SPEC);
  const data = await module.loadData();
  const slices = [];
  for (let r = 0; r < repeats; r++) slices.push(await nncSlice(module, data, steps, 2, 1));
  const plain = slices.reduce((best, s) => (s.wallMs < best.wallMs ? s : best));
  const peer = peerResnetKinds(steps, repeats);

  const pytorchMs = new Map<string, number>();
  for (const k of peer.kinds) {
    let kind = REST;
    if (k.kind === "conv") {
      const key = { C: k.C!, O: k.O!, k: k.k!, H: k.H! };
      kind = convKind(key, nnc.strides.get(JSON.stringify(key)) ?? 1);
    } else if (k.kind === "batchnorm" || k.kind === "add-relu") {
      kind = NORM_AND_ADDS;
    }
    pytorchMs.set(kind, (pytorchMs.get(kind) ?? 0) + k.ms);
  }
  const kinds = [...new Set([...nnc.ms.keys(), ...pytorchMs.keys()])].sort(
    (a, b) => Number(a === REST) - Number(b === REST) || Number(a === NORM_AND_ADDS) - Number(b === NORM_AND_ADDS),
  );
  const rows = kinds.map((kind) => ({
    kind,
    count: nnc.count.get(kind) ?? 0,
    nncMs: nnc.ms.get(kind) ?? 0,
    pytorchMs: pytorchMs.get(kind) ?? 0,
  }));
  const sum = (pick: (r: KindRow) => number) => rows.reduce((s, r) => s + pick(r), 0);
  return {
    rows,
    nncStepMs: plain.wallMs / plain.steps,
    pytorchStepMs: peer.stepMs,
    nncProfiledMs: sum((r) => r.nncMs),
    pytorchProfiledMs: sum((r) => r.pytorchMs),
  };
}

/**
 * The table as Markdown. Its last rows say what 1.4× would take: a step with every kind at the faster side's time
 * (the rows' minima) against PyTorch's rows' sum over 1.4, both as their profilers time them.
 */
export function kindsTable(r: ResnetKinds): string {
  const ms = (x: number) => x.toFixed(1);
  const at = (nnc: number, peer: number) => (nnc > 0 && peer > 0 ? `${(peer / nnc).toFixed(2)}×` : "—");
  const minima = r.rows.reduce((s, row) => s + Math.min(row.nncMs, row.pytorchMs), 0);
  return [
    "| ResNet-20 step, one thread, by kind of layer (forward + backward) | layers | nnc, ms | PyTorch default, ms | nnc at |",
    "|---|---|---|---|---|",
    ...r.rows.map(
      (row) => `| ${row.kind} | ${row.count || "—"} | ${ms(row.nncMs)} | ${ms(row.pytorchMs)} | ${at(row.nncMs, row.pytorchMs)} |`,
    ),
    `| the step under each side's profiler (the rows' sum) | | ${ms(r.nncProfiledMs)} | ${ms(r.pytorchProfiledMs)} | ${at(r.nncProfiledMs, r.pytorchProfiledMs)} |`,
    `| the step without a profiler | | ${ms(r.nncStepMs)} | ${ms(r.pytorchStepMs)} | ${at(r.nncStepMs, r.pytorchStepMs)} |`,
    `| every kind at the faster side's time (the rows' minima) | | ${ms(minima)} | | ${at(minima, r.pytorchProfiledMs)} |`,
    `| a step at 1.4× PyTorch's (its rows' sum / 1.4) | | ${ms(r.pytorchProfiledMs / 1.4)} | | 1.40× |`,
  ].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const missing = pytorchMissing();
  if (missing) {
    console.log(`ResNet-20 by kind of layer ${missing}`);
  } else {
    const i = process.argv.indexOf("--steps");
    console.log(kindsTable(await resnetKinds(i < 0 ? 8 : Number(process.argv[i + 1]))));
  }
  process.exit(0);
}
