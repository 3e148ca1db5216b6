/**
 * The playground page: a `.nn` editor with the language server's help, the generated TypeScript, and
 * training in a Web Worker with live plots. Everything runs in the page; the URL hash holds the spec.
 */
import * as monaco from "./monaco.ts";
import EditorWorker from "monaco-editor/editor/editor.worker.js?worker";
import { BUILT_IN_DATA } from "./datasets.ts";
import { registerNnLanguage, THEME } from "./nn-language.ts";
import { startLanguageClient, LANGUAGE_ID, type Diagnostic } from "./lsp-client.ts";
import { SPEC_URI } from "./platform/virtual-dir.ts";
import { decodeSpecHash, encodeSpec } from "./share.ts";
import { drawBoundary, GrowingLineChart, HistogramRow, LineChart } from "./plots.ts";
import type { CompileReply, TrainReply, TrainRequest } from "./protocol.ts";
import type { CompileWorkerMessage } from "./compile-worker.ts";
import type { LspWorkerMessage } from "./lsp-worker.ts";

declare const __NNC_RUNTIME_MODULE__: string;

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;

// --- data files and presets -------------------------------------------------------------------------
const encoder = new TextEncoder();
const exampleData = import.meta.glob("../../examples/data/*.csv", { query: "?raw", import: "default", eager: true }) as Record<
  string,
  string
>;
const files: Record<string, Uint8Array> = {};
for (const [name, text] of BUILT_IN_DATA) files[name] = encoder.encode(text);
for (const [path, text] of Object.entries(exampleData)) files[`data/${path.slice(path.lastIndexOf("/") + 1)}`] = encoder.encode(text);

const playgroundPresets = import.meta.glob("../presets/*.nn", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const examplePresets = import.meta.glob(
  [
    "../../examples/xor.nn",
    "../../examples/cs231n-sgd.nn",
    "../../examples/layer-zoo.nn",
    "../../examples/snapshot-ensemble.nn",
    "../../examples/bounded-regression.nn",
    "../../examples/mixture.nn",
  ],
  {
    query: "?raw",
    import: "default",
    eager: true,
  },
) as Record<string, string>;
const presets = new Map<string, string>();
const baseName = (path: string): string => path.slice(path.lastIndexOf("/") + 1).replace(/\.nn$/, "");
for (const name of ["spiral", "circles", "xor", "gaussians"])
  presets.set(`${name} (built-in data)`, playgroundPresets[`../presets/${name}.nn`]!);
for (const [path, text] of Object.entries(examplePresets)) presets.set(`examples/${baseName(path)}.nn`, text);

// --- page state ---------------------------------------------------------------------------------------
const status = $("status");
const errorBox = $("error");
const setStatus = (text: string): void => void (status.textContent = text);
function showError(message: string | undefined): void {
  errorBox.hidden = message === undefined;
  errorBox.textContent = message ?? "";
  if (message !== undefined) setStatus(`error: ${message.split("\n")[0]}`);
}

// --- editor and language server -----------------------------------------------------------------------
(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = { getWorker: () => new EditorWorker() };
registerNnLanguage();

const fromHash = decodeSpecHash(location.hash);
const initialText = fromHash && "spec" in fromHash ? fromHash.spec : presets.values().next().value!;
if (fromHash && "error" in fromHash) showError(fromHash.error);
const model = monaco.editor.createModel(initialText, LANGUAGE_ID, monaco.Uri.parse(SPEC_URI));
const editor = monaco.editor.create($("editor"), {
  model,
  automaticLayout: true,
  minimap: { enabled: false },
  inlayHints: { enabled: "on" },
  fixedOverflowWidgets: true,
  scrollBeyondLastLine: false,
  theme: THEME,
  fontSize: 13,
});

const lspWorker = new Worker(new URL("./lsp-worker.ts", import.meta.url), { type: "module" });
const compileWorker = new Worker(new URL("./compile-worker.ts", import.meta.url), { type: "module" });
function sendFiles(): void {
  lspWorker.postMessage({ kind: "files", files } satisfies LspWorkerMessage);
  compileWorker.postMessage({ kind: "files", files } satisfies CompileWorkerMessage);
  $("files").textContent = `data files: ${Object.keys(files).sort().join(", ")}`;
}
sendFiles();
const channel = new MessageChannel();
lspWorker.postMessage({ kind: "connect", port: channel.port2 } satisfies LspWorkerMessage, [channel.port2]);
const client = await startLanguageClient(channel.port1, model);

let errorCount = -1;
const problems = $("diagnostics");
client.onDiagnostics((diagnostics: readonly Diagnostic[]) => {
  const errors = diagnostics.filter((d) => d.severity === 1);
  const warnings = diagnostics.filter((d) => d.severity === 2);
  errorCount = errors.length;
  const lines = [...errors, ...warnings].map(
    (d) =>
      `spec.nn:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity === 1 ? "error" : "warning"} ${d.code ?? ""}: ${d.message}`,
  );
  problems.textContent = [`${errors.length} errors, ${warnings.length} warnings`, ...lines].join("\n");
  if (errors.length === 0) scheduleCompile();
  else compiled = undefined;
});

// --- compiling for the code panel and for training -------------------------------------------------------
// The runtime's own URL: its source module in the dev server, the chunk vite.config.ts names in a build.
const absoluteRuntimeUrl = new URL(__NNC_RUNTIME_MODULE__, import.meta.url).href;
let compileId = 0;
let compileTimer: ReturnType<typeof setTimeout> | undefined;
let compiled: { id: number; typescript: string; javascript: string; twoD: boolean } | undefined;
let compiledWaiters: ((ok: boolean) => void)[] = [];

function scheduleCompile(): void {
  clearTimeout(compileTimer);
  compileTimer = setTimeout(() => {
    compileTimer = undefined;
    compileId += 1;
    compileWorker.postMessage({
      kind: "compile",
      id: compileId,
      spec: model.getValue(),
      runtimeUrl: absoluteRuntimeUrl,
    } satisfies CompileWorkerMessage);
  }, 150);
}

compileWorker.onmessage = (e: MessageEvent<CompileReply>) => {
  const reply = e.data;
  if (reply.id !== compileId) return;
  if (reply.kind === "compiled") {
    compiled = { id: reply.id, typescript: reply.typescript, javascript: reply.javascript, twoD: reply.twoD };
    $("code").textContent = reply.typescript;
    $<HTMLButtonElement>("export-module").disabled = false;
  } else if (reply.kind === "failed") {
    compiled = undefined;
    showError(reply.message);
  } else compiled = undefined;
  for (const w of compiledWaiters.splice(0)) w(compiled !== undefined);
};

/** The compiled module for the editor's current text, compiling now if the last result is stale. */
function currentModule(): Promise<typeof compiled> {
  if (compiled !== undefined && compiled.id === compileId && compileTimer === undefined) return Promise.resolve(compiled);
  return new Promise((resolve) => {
    compiledWaiters.push(() => resolve(compiled));
    clearTimeout(compileTimer);
    compileTimer = undefined;
    compileId += 1;
    compileWorker.postMessage({
      kind: "compile",
      id: compileId,
      spec: model.getValue(),
      runtimeUrl: absoluteRuntimeUrl,
    } satisfies CompileWorkerMessage);
  });
}

// A share link pasted into the address bar of an open playground loads its spec (the page's own edits
// rewrite the hash with replaceState, which fires no hashchange).
window.addEventListener("hashchange", () => {
  const linked = decodeSpecHash(location.hash);
  if (linked === undefined) return;
  if ("error" in linked) showError(linked.error);
  else if (linked.spec !== model.getValue()) {
    showError(undefined);
    model.setValue(linked.spec);
  }
});

model.onDidChangeContent(() => {
  compiled = undefined;
  history.replaceState(null, "", `#spec=${encodeSpec(model.getValue())}`);
});

// --- presets, uploads, sharing ----------------------------------------------------------------------------
const presetSelect = $<HTMLSelectElement>("preset");
for (const name of presets.keys()) presetSelect.append(new Option(name, name));
presetSelect.value = fromHash ? "" : presets.keys().next().value!;
presetSelect.onchange = () => {
  const text = presets.get(presetSelect.value);
  if (text !== undefined) model.setValue(text);
};

$<HTMLInputElement>("upload").onchange = async (e) => {
  for (const file of (e.target as HTMLInputElement).files ?? []) files[file.name] = new Uint8Array(await file.arrayBuffer());
  sendFiles();
  // The language server reads the data headers again and re-checks the spec (a missing file may now be there).
  const uploaded = [...((e.target as HTMLInputElement).files ?? [])].map((f) => ({
    uri: `file:///playground/${encodeURIComponent(f.name)}`,
    type: 1,
  }));
  void client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: uploaded });
  compiled = undefined;
  scheduleCompile();
};

$("share").onclick = async () => {
  const url = `${location.origin}${location.pathname}${location.search}#spec=${encodeSpec(model.getValue())}`;
  history.replaceState(null, "", url);
  try {
    await navigator.clipboard.writeText(url);
    setStatus("link copied");
  } catch {
    setStatus("link in the address bar");
  }
};

// --- training ----------------------------------------------------------------------------------------
const lossChart = new LineChart($("chart-loss"), "loss", "step", [
  { label: "train (per step)" },
  { label: "train (epoch)" },
  { label: "validation" },
]);
const accuracyChart = new LineChart($("chart-accuracy"), "accuracy", "step", [{ label: "train" }, { label: "validation" }]);
const lrChart = new LineChart($("chart-lr"), "learning rate", "step", [{ label: "lr" }]);
const ratioChart = new GrowingLineChart($("chart-ratio"), "update/weight ratio (target ~1e-3)", "step");
const activations = new HistogramRow($("activations"));
const weights = new HistogramRow($("weights"));
$<HTMLInputElement>("log-scale").onchange = (e) => lossChart.setLog((e.target as HTMLInputElement).checked);

let trainWorker: Worker | undefined;
let stopFlag: Int32Array | undefined;
let points: readonly (readonly [number, number, number])[] = [];
let lastResult: { checkpoint: Uint8Array; metrics: string } | undefined;
const trainButton = $<HTMLButtonElement>("train");
const stopButton = $<HTMLButtonElement>("stop");
const number = (x: number | null | undefined, digits = 4): string =>
  x === null || x === undefined || !Number.isFinite(x) ? "–" : x.toFixed(digits);

function finish(): void {
  trainButton.disabled = false;
  stopButton.disabled = true;
}

trainButton.onclick = async () => {
  showError(undefined);
  if (errorCount > 0) {
    showError(`the spec has ${errorCount} error${errorCount === 1 ? "" : "s"}; fix ${errorCount === 1 ? "it" : "them"} to train`);
    return;
  }
  trainButton.disabled = true;
  setStatus("compiling");
  const module = await currentModule();
  if (module === undefined) {
    trainButton.disabled = false;
    if (errorBox.hidden) showError("the spec does not compile; see the problems under the editor");
    return;
  }
  trainWorker?.terminate();
  for (const chart of [lossChart, accuracyChart, lrChart]) chart.clear();
  ratioChart.clear();
  lastResult = undefined;
  $<HTMLButtonElement>("export-checkpoint").disabled = true;
  $<HTMLButtonElement>("export-metrics").disabled = true;
  $("boundary-box").hidden = !module.twoD;
  points = [];
  const shared = crossOriginIsolated ? new SharedArrayBuffer(4) : undefined;
  stopFlag = shared ? new Int32Array(shared) : undefined;
  const worker = new Worker(new URL("./train-worker.ts", import.meta.url), { type: "module" });
  trainWorker = worker;
  worker.onmessage = (e: MessageEvent<TrainReply>) => onTrainReply(worker, e.data);
  worker.onerror = (e) => {
    showError(`the training worker failed: ${e.message}`);
    finish();
  };
  const request: TrainRequest = {
    javascript: module.javascript,
    runtimeUrl: absoluteRuntimeUrl,
    files,
    stopFlag: shared,
    threads: crossOriginIsolated ? undefined : 1,
  };
  worker.postMessage(request);
  stopButton.disabled = false;
  setStatus("training");
};

stopButton.onclick = () => {
  if (stopFlag) {
    // The worker checks the flag after every step, pauses the run and sends what it has.
    Atomics.store(stopFlag, 0, 1);
    setStatus("stopping");
  } else {
    trainWorker?.terminate();
    trainWorker = undefined;
    setStatus("done (stopped; the page is not cross-origin isolated, so the run was ended without its checkpoint)");
    finish();
  }
};

function onTrainReply(worker: Worker, reply: TrainReply): void {
  if (worker !== trainWorker) return;
  switch (reply.kind) {
    case "started":
      $("threads").textContent = crossOriginIsolated ? "" : "one thread (the page is not cross-origin isolated)";
      break;
    case "steps":
      for (const p of reply.points) {
        lossChart.push(p.step, [p.loss, null, null]);
        lrChart.push(p.step, [p.lr]);
      }
      if (reply.points.length > 0) {
        const last = reply.points[reply.points.length - 1]!;
        $("loss").textContent = number(last.loss);
        $("step").textContent = String(last.step);
        $("epoch").textContent = String(reply.epoch);
      }
      break;
    case "epoch":
      lossChart.push(reply.step, [null, reply.trainLoss, reply.valLoss]);
      accuracyChart.push(reply.step, [reply.trainAccuracy, reply.valAccuracy]);
      if (Object.keys(reply.ratios).length > 0) ratioChart.push(reply.step, reply.ratios);
      $("epoch").textContent = String(reply.epoch);
      $("loss").textContent = number(reply.trainLoss);
      $("accuracy").textContent = number(reply.trainAccuracy);
      $("val-loss").textContent = number(reply.valLoss);
      break;
    case "snapshot":
      if (reply.points.length > 0) points = reply.points;
      activations.set(reply.activations);
      weights.set(reply.weights);
      if (reply.boundary) drawBoundary($<HTMLCanvasElement>("boundary"), reply.boundary, points);
      break;
    case "done":
      lastResult = { checkpoint: reply.checkpoint, metrics: reply.metrics };
      $<HTMLButtonElement>("export-checkpoint").disabled = false;
      $<HTMLButtonElement>("export-metrics").disabled = false;
      $("threads").textContent = reply.summary;
      setStatus(reply.stopped ? `done (stopped after ${reply.steps} steps)` : `done (${reply.steps} steps)`);
      trainWorker = undefined;
      worker.terminate();
      finish();
      break;
    case "error":
      showError(reply.message);
      trainWorker = undefined;
      worker.terminate();
      finish();
      break;
  }
}

// --- export --------------------------------------------------------------------------------------------
function download(name: string, data: BlobPart, type: string): void {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([data], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
$("export-checkpoint").onclick = () =>
  lastResult && download("checkpoint.safetensors", lastResult.checkpoint as BlobPart, "application/octet-stream");
$("export-metrics").onclick = () => lastResult && download("metrics.json", lastResult.metrics, "application/json");
$("export-module").onclick = () => compiled && download("spec.nn.ts", compiled.typescript, "text/plain");

editor.focus();
setStatus("idle");
