/**
 * The benchmark suite of issue 7 (`npm run bench`): B1 (a Fashion-MNIST epoch of bench/b1-mlp.nn, best of 3),
 * B1 again in headless Chromium beside Node (bench/browser.ts),
 * B2 (one Adam step over 1M f32 parameters vs the memory floor, then every optimizer's step vs a floor
 * with its own traffic, bench/b2-optimizers.ts), B3 (f32 GEMM), each for nnc and for
 * TensorFlow.js (cpu and wasm backends) in this same process, a CNN epoch (examples/fashion-cnn.nn,
 * bench/cnn.ts) against the same model in tfjs, ResNet-20 (examples/fashion-resnet.nn, bench/resnet.ts), then B1,
 * the CNN and the ResNet in PyTorch 1.13.1 with its default BLAS and
 * with OpenBLAS (bench/pytorch.ts; skipped with a note when PyTorch is not installed), ResNet-20's step by kind of
 * layer on one thread beside PyTorch's (bench/resnet-kinds.ts, a second table) and the peak memory of
 * both runs beside PyTorch's, then the cold start of `nnc --help`, `nnc check` and `nnc compile`, installed and in a
 * clone (bench/cold-start.ts), and the language server's diagnostic latency. Prints a table with ratios; writes bench/results.json and
 * bench/results.md. `--quick` skips the full tfjs-wasm B1 epoch (runs a slice and extrapolates).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { loadSpecModule } from "../cli/spec-module.ts";
import { prestartDataParallel } from "../runtime/parallel/prestart.ts";
import { simdEnabled } from "../runtime/wasm/simd.ts";
import { gemmThreads, setGemmThreads } from "../runtime/wasm/threads.ts";
import { B2_PARAMS, b2Floor, b2Nnc, b2SimdFloor } from "./b2-adam.ts";
import { b2Optimizers } from "./b2-optimizers.ts";
import { coldStart, formatTiming, type ColdStart } from "./cold-start.ts";
import { B3_SHAPES, b3Nnc, b3Reference, gflops } from "./b3-gemm.ts";
import { cnnBench, epochSeconds, imagesPerSecond } from "./cnn.ts";
import { browserB1 } from "./browser.ts";
import { playgroundBench } from "./playground.ts";
import { haveChromium } from "../test/browser/harness.ts";
import type { Timing } from "./measure.ts";
import { b1Tf, b2Tf, b3Tf, useBackend } from "./tfjs.ts";
import { peerB1, peerCnn, peerImagesPerSecond, peerResnet, pytorchMissing, type PeerB1, type PeerCnn } from "./pytorch.ts";
import { resnetBench } from "./resnet.ts";
import { kindsTable, resnetKinds, type ResnetKinds } from "./resnet-kinds.ts";

const root = resolve(import.meta.dirname, "..");
const quick = process.argv.includes("--quick");
/** tfjs-cpu runs B1 on this many rows (50 batches of 64) and is extrapolated to 60,000. */
const CPU_SLICE_ROWS = 3200;

interface Row {
  readonly name: string;
  readonly nnc: string;
  readonly peers: string;
  readonly target: string;
  readonly met: boolean | null;
}
const rows: Row[] = [];
const results: Record<string, unknown> = {};
const log = (s: string): void => void process.stderr.write(s + "\n");
const ms = (t: Timing): string => `${t.wallMs.toFixed(1)} ms (cpu ${t.cpuMs.toFixed(1)})`;
const s = (x: number): string => `${(x / 1000).toFixed(2)} s`;

const machine = {
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  loadAverageAtStart: loadavg().map((x) => Number(x.toFixed(2))),
  wasmSimd: simdEnabled,
  date: new Date().toISOString(),
};
results.machine = machine;
log(
  `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.node}, load ${machine.loadAverageAtStart.join(" ")}, wasm SIMD ${simdEnabled}`,
);

// --- B3 ----------------------------------------------------------------------------------
await useBackend("wasm");
const defaultThreads = gemmThreads();
const b3: Record<string, unknown> = {};
for (const [M, K, N] of B3_SHAPES) {
  const key = `${M}x${K}x${N}`;
  log(`B3 ${key}…`);
  const nnc = await b3Nnc(M, K, N, 1);
  const nnc2 = await b3Nnc(M, K, N, 2);
  const ref = await b3Reference(M, K, N);
  const tfw = await b3Tf(M, K, N);
  const g = (t: Timing): number => gflops(M, K, N, t.wallMs);
  const gc = (t: Timing): number => gflops(M, K, N, t.cpuMs);
  b3[key] = {
    nnc,
    nncGflops: g(nnc),
    nncGflopsCpu: gc(nnc),
    nnc2Threads: nnc2,
    nnc2ThreadsGflops: g(nnc2),
    reference: ref,
    referenceGflops: g(ref),
    tfjsWasm: tfw,
    tfjsWasmGflops: g(tfw),
    tfjsWasmGflopsCpu: gc(tfw),
  };
  rows.push({
    name: `B3 GEMM (M,K,N)=(${M},${K},${N}), GFLOP/s, 1 thread (wall; cpu-time)`,
    nnc: `${g(nnc).toFixed(1)}; ${gc(nnc).toFixed(1)} (2 threads: ${g(nnc2).toFixed(1)} wall; TS reference ${g(ref).toFixed(1)})`,
    peers: `tfjs-wasm ${g(tfw).toFixed(1)}; ${gc(tfw).toFixed(1)}`,
    target: `≥ tfjs-wasm: ${(g(nnc) / g(tfw)).toFixed(2)}× (cpu-time ${(gc(nnc) / gc(tfw)).toFixed(2)}×)`,
    met: gc(nnc) >= gc(tfw),
  });
}
results.b3 = b3;
setGemmThreads(defaultThreads);

// --- B2 ----------------------------------------------------------------------------------
log("B2…");
const adam = await b2Nnc();
const floor = await b2Floor();
const simdFloor = await b2SimdFloor();
const b2w = await b2Tf(30);
await useBackend("cpu");
const b2c = await b2Tf(3);
results.b2 = { params: B2_PARAMS, nnc: adam, floor, simdFloor, tfjsWasm: b2w, tfjsCpu: b2c };
rows.push({
  name: "B2 Adam step, 1M f32 params",
  nnc: `${ms(adam)}; JS floor ${ms(floor)}, SIMD floor ${ms(simdFloor)}`,
  peers: `tfjs-wasm ${ms(b2w)}, tfjs-cpu ${ms(b2c)}`,
  target: `≤ 1.2× floor: ${(adam.wallMs / floor.wallMs).toFixed(2)}× JS floor, ${(adam.wallMs / simdFloor.wallMs).toFixed(2)}× SIMD floor; ≥ 6× tfjs-wasm: ${(b2w.wallMs / adam.wallMs).toFixed(1)}×`,
  met: adam.wallMs <= 1.2 * Math.min(floor.wallMs, simdFloor.wallMs) && b2w.wallMs >= 6 * adam.wallMs,
});

// --- B2 for every optimizer ----------------------------------------------------------------
log("B2 per optimizer…");
const perOptimizer = await b2Optimizers();
results.b2Optimizers = perOptimizer;
for (const o of perOptimizer) {
  rows.push({
    name: `B2 ${o.name} step, 1M f32 params, vs the SIMD floor with its traffic (${o.states + 2} reads, ${o.states + 1} writes)`,
    nnc: `${o.simdMs.toFixed(2)} ms; floor ${o.floorMs.toFixed(2)} ms; TypeScript loop (f64 model) ${o.tsMs.toFixed(1)} ms`,
    peers: "—",
    target: `≤ 1.2× floor: ${o.ratio.toFixed(2)}×`,
    met: o.ratio <= 1.2,
  });
}

// --- B1 ----------------------------------------------------------------------------------
log("B1 nnc…");
const { module, file: b1Module } = await loadSpecModule(join(root, "bench/b1-mlp.nn"));
// As `nnc train` does: data-parallel workers start while the data loads (runtime/parallel/prestart.ts).
prestartDataParallel(module.DEFINITION, pathToFileURL(b1Module).href);
const data = await module.loadData();
const out = mkdtempSync(join(tmpdir(), "nnc-bench-"));
/** One B1 epoch as `nnc train` runs it: threads chosen as for any run (NNC_THREADS, else per core), or `threads`. Worker start-up is included. */
const b1Epoch = async (threads?: number): Promise<{ timing: Timing; threads: { count: number; reason: string } }> => {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await module.train({ epochs: 1, data, outDir: out, threads });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { timing: { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, repeats: 1 }, threads: r.threads };
};
// Best of 3 epochs, like every other row's best of a few repeats: an epoch on 2 cores varies by about
// ±0.07 s from run to run even on a quiet machine. All three are printed and kept in results.json.
const b1Runs = [await b1Epoch(), await b1Epoch(), await b1Epoch()];
const b1Default = b1Runs.reduce((a, b) => (b.timing.wallMs < a.timing.wallMs ? b : a));
const b1Nnc = b1Default.timing;
log(`B1 nnc: ${b1Default.threads.reason}; epochs ${b1Runs.map((r) => s(r.timing.wallMs)).join(", ")}`);
// With more than one thread, the single-thread epoch too, for the speed-up.
const b1One = b1Default.threads.count > 1 ? (await b1Epoch(1)).timing : undefined;
const rowsTotal = data.train.n;
log("B1 tfjs-cpu (slice)…");
const cpuSlice = await b1Tf(data.train, CPU_SLICE_ROWS);
const cpuScale = rowsTotal / CPU_SLICE_ROWS;
const b1Cpu: Timing = { wallMs: cpuSlice.wallMs * cpuScale, cpuMs: cpuSlice.cpuMs * cpuScale, repeats: 1 };
await useBackend("wasm");
log(`B1 tfjs-wasm (${quick ? "slice" : "full epoch"})…`);
const wasmRows = quick ? 12800 : rowsTotal;
const wasmRun = await b1Tf(data.train, wasmRows);
const wasmScale = rowsTotal / wasmRows;
const b1Wasm: Timing = { wallMs: wasmRun.wallMs * wasmScale, cpuMs: wasmRun.cpuMs * wasmScale, repeats: 1 };
results.b1 = {
  rows: rowsTotal,
  nnc: b1Nnc,
  nncEpochs: b1Runs.map((r) => r.timing),
  threads: b1Default.threads,
  nnc1Thread: b1One ?? null,
  tfjsWasm: { ...b1Wasm, measuredRows: wasmRows },
  tfjsCpu: { ...b1Cpu, measuredRows: CPU_SLICE_ROWS },
};
rows.push({
  name: `B1 Fashion-MNIST epoch (s, wall; cpu), ${b1Default.threads.count} thread${b1Default.threads.count > 1 ? "s" : ""}, best of ${b1Runs.length}`,
  nnc: `${s(b1Nnc.wallMs)}; ${s(b1Nnc.cpuMs)} (all: ${b1Runs.map((r) => s(r.timing.wallMs)).join(", ")})${b1One ? ` (1 thread: ${s(b1One.wallMs)}; ${s(b1One.cpuMs)})` : ""}`,
  peers: `tfjs-wasm ${s(b1Wasm.wallMs)}${quick ? " (extrapolated)" : ""}; tfjs-cpu ${s(b1Cpu.wallMs)} (extrapolated from ${CPU_SLICE_ROWS} rows)`,
  target: `≤ 1.5 s: ${(b1Nnc.wallMs / 1500).toFixed(2)}× the target; vs tfjs-wasm ${(b1Wasm.wallMs / b1Nnc.wallMs).toFixed(1)}× (≥ 14), vs tfjs-cpu ${(b1Cpu.wallMs / b1Nnc.wallMs).toFixed(1)}× (≥ 90)`,
  met: b1Nnc.wallMs <= 1500 && b1Wasm.wallMs >= 14 * b1Nnc.wallMs && b1Cpu.wallMs >= 90 * b1Nnc.wallMs,
});

// --- B1 in a browser (issue 13) --------------------------------------------------------------
// The same epoch in headless Chromium (a Vite build of a page that trains in a Web Worker) and here in
// Node, one thread and two (the page served cross-origin isolated), best of 2 each (bench/browser.ts).
if (haveChromium) {
  log("B1 in headless Chromium…");
  const web = await browserB1({ repeats: 2, threads: [1, 2], log });
  results.browserB1 = web;
  const cell = (t: number) => `${t} thread${t > 1 ? "s" : ""} ${s(web.chromium[t])}`;
  rows.push({
    name: "B1 Fashion-MNIST epoch in headless Chromium (s, wall; Web Worker, best of 2)",
    nnc: [1, 2].map(cell).join("; "),
    peers: `Node: ${[1, 2].map((t) => `${t} thread${t > 1 ? "s" : ""} ${s(web.node[t])}`).join("; ")}`,
    target: `Chromium / Node: ${[1, 2].map((t) => `${(web.chromium[t] / web.node[t]).toFixed(2)}×`).join(", ")}`,
    met: null,
  });
} else {
  rows.push({
    name: "B1 in headless Chromium",
    nnc: "—",
    peers: "—",
    target: "skipped: no /usr/bin/chromium (apt-get install chromium)",
    met: null,
  });
}

// --- the playground (issue 19) ---------------------------------------------------------------------
// Diagnostics after a keystroke in the page's editor on a 200-line spec, and the spiral preset and B1
// (IDX files uploaded) trained in the page beside Node (bench/playground.ts).
if (haveChromium) {
  log("playground in headless Chromium…");
  const pg = await playgroundBench(log);
  results.playground = pg;
  rows.push({
    name: "playground: diagnostics after a keystroke, 200-line spec (Chromium)",
    nnc: `median ${pg.diagnosticsMs.median.toFixed(1)} ms, p95 ${pg.diagnosticsMs.p95.toFixed(1)} ms (${pg.diagnosticsMs.edits} edits)`,
    peers: "—",
    target: `≤ 100 ms: ${(pg.diagnosticsMs.median / 100).toFixed(2)}× the target`,
    met: pg.diagnosticsMs.median <= 100,
  });
  rows.push({
    name: "playground: training in the page vs Node (s of training)",
    nnc:
      `spiral preset ${pg.spiral.pageSeconds.toFixed(2)}` + (pg.b1 ? `; B1 epoch ${pg.b1.pageSeconds.toFixed(2)} (${pg.b1.threads})` : ""),
    peers: `Node: spiral ${pg.spiral.nodeSeconds.toFixed(2)}` + (pg.b1 ? `; B1 ${pg.b1.nodeSeconds.toFixed(2)}` : ""),
    target:
      `page / Node: spiral ${(pg.spiral.pageSeconds / pg.spiral.nodeSeconds).toFixed(2)}×` +
      (pg.b1 ? `, B1 ${(pg.b1.pageSeconds / pg.b1.nodeSeconds).toFixed(2)}×` : ""),
    met: null,
  });
}

// --- CNN ---------------------------------------------------------------------------------
// Slices of training steps, nnc and tfjs-wasm alternating, extrapolated to the epoch (bench/cnn.ts).
// tfjs-wasm runs on one thread; nnc on the threads a training run picks for this model (helper threads
// for its convolutions and products, one per core), so the target compares wall time then, and CPU
// time only when nnc ran on one thread.
const cnnSteps = quick ? 8 : 16;
const cnn = await cnnBench({ steps: cnnSteps, rounds: quick ? 1 : 2, cpuSteps: 1, log });
results.cnn = cnn;
const cnnEpoch = (slice: (typeof cnn.nnc)[number], clock: "wallMs" | "cpuMs"): string =>
  `${epochSeconds(slice, cnn.epochImages, clock).toFixed(0)} s`;
rows.push({
  name: `CNN examples/fashion-cnn.nn epoch of ${cnn.epochImages} images (wall; cpu), from ${cnnSteps} steps × ${cnn.batchSize}`,
  nnc: `${cnnEpoch(cnn.best.nnc, "wallMs")}; ${cnnEpoch(cnn.best.nncCpu, "cpuMs")} (${imagesPerSecond(cnn.best.nncCpu, "cpuMs").toFixed(0)} images/s of cpu time)`,
  peers:
    `tfjs-wasm ${cnnEpoch(cnn.best.tfjsWasm, "wallMs")}; ${cnnEpoch(cnn.best.tfjsWasmCpu, "cpuMs")} (${imagesPerSecond(cnn.best.tfjsWasmCpu, "cpuMs").toFixed(0)} images/s)` +
    (cnn.tfjsCpu
      ? `; tfjs-cpu ${cnnEpoch(cnn.tfjsCpu, "wallMs")}; ${cnnEpoch(cnn.tfjsCpu, "cpuMs")} (from ${cnn.tfjsCpu.steps} step)`
      : ""),
  target:
    cnn.nncThreads === 1
      ? `≥ 3× tfjs-wasm: ${cnn.ratio.cpu.toFixed(2)}× cpu time (${cnn.ratio.wall.toFixed(2)}× wall)`
      : `≥ 3× tfjs-wasm: ${cnn.ratio.wall.toFixed(2)}× wall, nnc on ${cnn.nncThreads} threads (${cnn.ratio.cpu.toFixed(2)}× cpu time)`,
  met: (cnn.nncThreads === 1 ? cnn.ratio.cpu : cnn.ratio.wall) >= 3,
});

// --- ResNet-20 ------------------------------------------------------------------------------
// Slices of examples/fashion-resnet.nn's training steps, extrapolated to the epoch; compared with PyTorch below.
const resnetSteps = quick ? 12 : 24;
log("ResNet-20 nnc…");
const resnet = await resnetBench(resnetSteps, 2, log);
results.resnet = resnet;

// --- PyTorch on the same CPU (issue 20) -----------------------------------------------------
let resnetByKind: ResnetKinds | undefined;
// Run after nnc's rows, one process at a time, so the two never share the cores.
const pytorch = pytorchMissing();
if (pytorch) {
  log(`PyTorch rows ${pytorch}`);
  results.pytorch = pytorch;
  rows.push({ name: "B1, CNN and ResNet vs PyTorch 1.13.1 on this CPU", nnc: "—", peers: pytorch, target: "—", met: null });
} else {
  const peers: Record<string, { b1: PeerB1; cnn: PeerCnn; resnet: PeerCnn }> = {};
  for (const blas of ["default", "openblas"] as const) {
    log(`PyTorch ${blas} BLAS: B1…`);
    const b1 = peerB1(blas);
    log(`PyTorch ${blas} BLAS: CNN…`);
    const cnnPeer = peerCnn(blas, cnnSteps);
    log(`PyTorch ${blas} BLAS: ResNet-20…`);
    const resnetPeer = peerResnet(blas, resnetSteps);
    peers[blas] = { b1, cnn: cnnPeer, resnet: resnetPeer };
    log(
      `PyTorch ${blas} (${b1.blas}): B1 epochs ${b1.epochSeconds.map((x) => x.toFixed(2)).join(", ")} s; CNN ${peerImagesPerSecond(cnnPeer).toFixed(0)} images/s; ` +
        `ResNet-20 ${peerImagesPerSecond(resnetPeer).toFixed(0)} images/s`,
    );
  }
  results.pytorch = peers;
  const b1Best = (blas: "default" | "openblas"): number => Math.min(...peers[blas]!.b1.epochSeconds) * 1000;
  const b1Ratio = b1Best("openblas") / b1Nnc.wallMs;
  rows.push({
    name: "B1 epoch vs PyTorch 1.13.1, 2 threads, best of 3 (s)",
    nnc: s(b1Nnc.wallMs),
    peers: `PyTorch + OpenBLAS ${s(b1Best("openblas"))}; PyTorch default BLAS ${s(b1Best("default"))}`,
    target: `≥ 1.1× PyTorch + OpenBLAS: ${b1Ratio.toFixed(2)}× (default BLAS ${(b1Best("default") / b1Nnc.wallMs).toFixed(2)}×)`,
    met: b1Ratio >= 1.1,
  });
  const nncIps = imagesPerSecond(cnn.best.nnc);
  const openIps = peerImagesPerSecond(peers.openblas!.cnn);
  const defaultIps = peerImagesPerSecond(peers.default!.cnn);
  rows.push({
    name: `CNN training vs PyTorch 1.13.1, batch ${cnn.batchSize}, images/s (→ epoch of ${cnn.epochImages})`,
    nnc: `${nncIps.toFixed(0)} (${(cnn.epochImages / nncIps).toFixed(0)} s)`,
    peers: `PyTorch + OpenBLAS ${openIps.toFixed(0)} (${(cnn.epochImages / openIps).toFixed(0)} s); default ${defaultIps.toFixed(0)} (${(cnn.epochImages / defaultIps).toFixed(0)} s)`,
    target: `≥ 1.0× PyTorch + OpenBLAS: ${(nncIps / openIps).toFixed(2)}×; ≥ 1.4× default: ${(nncIps / defaultIps).toFixed(2)}×`,
    met: nncIps >= openIps && nncIps >= 1.4 * defaultIps,
  });

  const resnetIps = imagesPerSecond(resnet.best);
  const resnetOpenIps = peerImagesPerSecond(peers.openblas!.resnet);
  const resnetDefaultIps = peerImagesPerSecond(peers.default!.resnet);
  rows.push({
    name: `ResNet-20 examples/fashion-resnet.nn training vs PyTorch 1.13.1, batch ${resnet.batchSize}, images/s (→ epoch of ${resnet.epochImages})`,
    nnc: `${resnetIps.toFixed(0)} (${(resnet.epochImages / resnetIps).toFixed(0)} s)`,
    peers: `PyTorch + OpenBLAS ${resnetOpenIps.toFixed(0)} (${(resnet.epochImages / resnetOpenIps).toFixed(0)} s); default ${resnetDefaultIps.toFixed(0)} (${(resnet.epochImages / resnetDefaultIps).toFixed(0)} s)`,
    target: `≥ 1.0× PyTorch + OpenBLAS: ${(resnetIps / resnetOpenIps).toFixed(2)}×; ≥ 1.4× default: ${(resnetIps / resnetDefaultIps).toFixed(2)}×`,
    met: resnetIps >= resnetOpenIps && resnetIps >= 1.4 * resnetDefaultIps,
  });
  // Where the ResNet-20 step goes on each side, one thread: the table under the main one.
  log("ResNet-20 by kind of layer, one thread, nnc and PyTorch…");
  resnetByKind = await resnetKinds(quick ? 4 : 8);
  results.resnetKinds = resnetByKind;

  // Peak memory of whole commands: `nnc train` in a child process against the PyTorch peer's own peak.
  log("peak memory…");
  const peakRssMiB = (args: string[]): number => {
    const file = join(mkdtempSync(join(tmpdir(), "nnc-rss-")), "peak");
    execFileSync(process.execPath, ["--require", join(root, "bench/peak-rss.cjs"), join(root, "bin/nnc.js"), ...args], {
      stdio: "ignore",
      env: { ...process.env, NNC_PEAK_RSS_FILE: file },
    });
    return Number(readFileSync(file, "utf8")) / 1024;
  };
  const rssOut = mkdtempSync(join(tmpdir(), "nnc-rss-run-"));
  const b1Rss = peakRssMiB(["train", join(root, "bench/b1-mlp.nn"), "--epochs", "1", "--out", join(rssOut, "b1")]);
  const cnnRss = peakRssMiB(["train", join(root, "examples/fashion-cnn.nn"), "--steps", String(cnnSteps), "--out", join(rssOut, "cnn")]);
  const peerB1Rss = Math.max(peers.default!.b1.peakRssMiB, peers.openblas!.b1.peakRssMiB);
  const peerCnnRss = Math.max(peers.default!.cnn.peakRssMiB, peers.openblas!.cnn.peakRssMiB);
  results.peakRssMiB = { nncB1: b1Rss, nncCnn: cnnRss, pytorchB1: peerB1Rss, pytorchCnn: peerCnnRss };
  rows.push({
    name: "peak RSS of a run, MiB (nnc train / the PyTorch script)",
    nnc: `B1 epoch ${b1Rss.toFixed(0)}; CNN ${cnnSteps} steps ${cnnRss.toFixed(0)}`,
    peers: `PyTorch B1 ${peerB1Rss.toFixed(0)}; CNN ${peerCnnRss.toFixed(0)}`,
    target: `≤ PyTorch: B1 ${(b1Rss / peerB1Rss).toFixed(2)}×, CNN ${(cnnRss / peerCnnRss).toFixed(2)}×`,
    met: b1Rss <= peerB1Rss && cnnRss <= peerCnnRss,
  });
}

// --- cold start and compile latency ---------------------------------------------------------
log("cold start and compile latency…");
const cold = await coldStart();
results.coldStart = cold;
const nodeStart = cold.find((c) => Number.isNaN(c.targetMs));
const compiles = cold.filter((c) => c.command.startsWith("nnc compile"));
for (const c of cold) {
  if (Number.isNaN(c.targetMs) || compiles.includes(c)) continue;
  rows.push({
    name: `${c.command}, cold process (installed package vs a clone's sources through tsx; best of 7)`,
    nnc: `${formatTiming(c.installed)}${nodeStart ? `; Node alone ${formatTiming(nodeStart.installed)}` : ""}`,
    peers: `sources through tsx (how the package ran before it was built): ${formatTiming(c.clone)}`,
    target: `≤ ${c.targetMs} ms: ${(c.installed.wallMs / c.targetMs).toFixed(2)}×`,
    met: c.installed.wallMs <= c.targetMs,
  });
}
const worstCompile = Math.max(...compiles.map((c) => c.installed.wallMs));
const compileTarget = compiles[0].targetMs;
const byName = (pick: (c: ColdStart) => number) =>
  compiles.map((c) => `${c.command.replace(/^.*\//, "")} ${pick(c).toFixed(0)} ms`).join(", ");
rows.push({
  name: `nnc compile, cold process (installed package vs a clone's sources through tsx; worst of ${compiles.length} examples, each the best of 3)`,
  nnc: byName((c) => c.installed.wallMs),
  peers: `sources through tsx: ${byName((c) => c.clone.wallMs)}`,
  target: `≤ ${compileTarget} ms: ${(worstCompile / compileTarget).toFixed(2)}×`,
  met: worstCompile <= compileTarget,
});

// --- language server ---------------------------------------------------------------------
log("language-server latency…");
try {
  const text = execFileSync(process.execPath, [join(root, "bin/run-ts.js"), join(root, "bench/lsp-latency.ts"), "30"], {
    encoding: "utf8",
    cwd: root,
  });
  results.lsp = text.trim().split("\n");
  const line = text.split("\n").find((l) => l.includes("publishDiagnostics")) ?? "";
  const median = Number(/median\s*([\d.]+)/.exec(line)?.[1] ?? NaN);
  rows.push({
    name: "LSP diagnostics after an edit, 200-line spec",
    nnc: line.replace(/^.*?:\s*/, ""),
    peers: "—",
    target: `≤ 50 ms`,
    met: Number.isFinite(median) ? median <= 50 : null,
  });
} catch (e) {
  results.lsp = `failed: ${(e as Error).message}`;
}

// --- report --------------------------------------------------------------------------------
results.table = rows;
writeFileSync(join(root, "bench/results.json"), JSON.stringify(results, null, 2) + "\n");
const md = [
  `Measured ${machine.date.slice(0, 10)} on ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform}, Node ${machine.node}; load average at start ${machine.loadAverageAtStart.join(" / ")}; GEMM threads ${defaultThreads} (B3 shows 1 and 2).`,
  "",
  "| work | nnc | peers (same run) | target | met |",
  "|---|---|---|---|---|",
  ...rows.map((r) => `| ${r.name} | ${r.nnc} | ${r.peers} | ${r.target} | ${r.met === null ? "?" : r.met ? "yes" : "no"} |`),
  ...(resnetByKind ? ["", kindsTable(resnetByKind)] : []),
].join("\n");
writeFileSync(join(root, "bench/results.md"), md + "\n");
console.log(md);
