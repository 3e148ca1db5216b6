/**
 * Trains the page's spec off the main thread. The page sends the generated module as JavaScript; it is
 * imported from a blob URL and imports the runtime from the same URL as this worker does, so both share
 * one runtime instance. Data files (built-in sets, the examples' data, uploads) are served from memory
 * under the data base URL the module was compiled with. Progress goes back several times a second:
 * per-step loss and learning rate, per-epoch metrics and update/weight ratios, and snapshots of the
 * activation and weight histograms and (for 2-D inputs) the decision boundary.
 */
import type { Boundary, Histogram } from "./plots.ts";
import { histogram } from "./histogram.ts";
import { DATA_BASE } from "./data-base.ts";
import type { StepPoint, TrainReply, TrainRequest } from "./protocol.ts";

type Runtime = typeof import("../../runtime/browser.ts");
type CompiledModel = import("../../runtime/index.ts").CompiledModel;
type Module = {
  readonly Model: abstract new (...args: never[]) => CompiledModel;
  createModel(seed?: number): CompiledModel;
  loadData(): Promise<import("../../runtime/index.ts").LoadedData>;
  readonly SOURCE: string;
  readonly INPUT_SIZE: number;
  readonly MAX_BATCH: number;
};

const post = (m: TrainReply, transfer: Transferable[] = []): void => (self as unknown as Worker).postMessage(m, transfer);

/** Answers fetches of DATA_BASE/<name> from the files the page sent; everything else goes to the network. */
function serveFiles(files: Readonly<Record<string, Uint8Array>>): void {
  const network = self.fetch.bind(self);
  self.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith(DATA_BASE)) return network(input, init);
    const name = decodeURIComponent(url.slice(DATA_BASE.length));
    const bytes = files[name];
    if (bytes === undefined)
      return new Response(`no file named ${name}: upload it, or use one of ${Object.keys(files).join(", ")}`, {
        status: 404,
        statusText: "Not Found",
      });
    return new Response(new Uint8Array(bytes), { status: 200 });
  };
}

const SNAPSHOT_MS = 300;
const STEPS_MS = 100;
const GRID = 64;

function weightHistograms(model: CompiledModel): Histogram[] {
  return model.definition.tensors
    .filter((t) => t.name.endsWith(".weight") && t.shape.length >= 2)
    .map((t) => histogram(t.name, model.params.subarray(t.offset, t.offset + t.shape.reduce((a, b) => a * b, 1))));
}

function activationHistograms(model: CompiledModel, rows: number): Histogram[] {
  return (model.activations?.() ?? []).map((a) => histogram(a.label, a.data.subarray(0, rows * a.width)));
}

/** The winning class and its softmax probability at the centre of every cell of a GRID × GRID square over the data. */
function decisionBoundary(model: CompiledModel, x: ArrayLike<number>, n: number, maxBatch: number): Boundary {
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    x0 = Math.min(x0, x[2 * i]!);
    x1 = Math.max(x1, x[2 * i]!);
    y0 = Math.min(y0, x[2 * i + 1]!);
    y1 = Math.max(y1, x[2 * i + 1]!);
  }
  const mx = (x1 - x0) * 0.1 || 1;
  const my = (y1 - y0) * 0.1 || 1;
  x0 -= mx;
  x1 += mx;
  y0 -= my;
  y1 += my;
  const cells = GRID * GRID;
  const classes = new Int32Array(cells);
  const confidence = new Float32Array(cells);
  const input = model.params instanceof Float64Array ? new Float64Array(maxBatch * 2) : new Float32Array(maxBatch * 2);
  const k = model.definition.outputSize;
  for (let start = 0; start < cells; start += maxBatch) {
    const rows = Math.min(maxBatch, cells - start);
    for (let i = 0; i < rows; i++) {
      const c = start + i;
      input[2 * i] = x0 + ((x1 - x0) * ((c % GRID) + 0.5)) / GRID;
      input[2 * i + 1] = y1 - ((y1 - y0) * (Math.floor(c / GRID) + 0.5)) / GRID;
    }
    const out = model.forward(input, rows, false);
    for (let i = 0; i < rows; i++) {
      let best = 0;
      let max = -Infinity;
      for (let j = 0; j < k; j++) if (out[i * k + j]! > max) ((max = out[i * k + j]!), (best = j));
      let sum = 0;
      for (let j = 0; j < k; j++) sum += Math.exp(out[i * k + j]! - max);
      classes[start + i] = best;
      confidence[start + i] = k === 1 ? 1 : (1 / sum - 1 / k) / (1 - 1 / k);
    }
  }
  return { x0, x1, y0, y1, size: GRID, classes, confidence };
}

self.onmessage = async (e: MessageEvent<TrainRequest>) => {
  const request = e.data;
  const stop = request.stopFlag ? new Int32Array(request.stopFlag) : undefined;
  let moduleUrl: string | undefined;
  let replicaUrl: string | undefined;
  try {
    const rt = (await import(/* @vite-ignore */ request.runtimeUrl)) as Runtime;
    serveFiles(request.files);
    moduleUrl = URL.createObjectURL(new Blob([request.javascript], { type: "text/javascript" }));
    const module = (await import(/* @vite-ignore */ moduleUrl)) as Module;
    // Data-parallel replicas (on a cross-origin isolated page) run in Web Workers whose script imports the
    // same module and serves steps, as the Vite plugin's replica script does for a bundled spec.
    const replicaScript = `import * as model from ${JSON.stringify(moduleUrl)};\nimport { serveReplicas } from ${JSON.stringify(request.runtimeUrl)};\nserveReplicas(model);\n`;
    replicaUrl = URL.createObjectURL(new Blob([replicaScript], { type: "text/javascript" }));
    const replica = replicaUrl;
    rt.registerReplicaWorker(module.Model, () => new Worker(replica, { type: "module" }));
    const model = module.createModel();
    const data = await module.loadData();
    const def = model.definition;
    const twoD = module.INPUT_SIZE === 2 && def.task === "classification";
    const points: [number, number, number][] = [];
    if (twoD)
      for (let i = 0; i < data.train.n; i++) points.push([data.train.x[2 * i]!, data.train.x[2 * i + 1]!, data.train.labels?.[i] ?? 0]);

    let pending: StepPoint[] = [];
    let lastSteps = performance.now();
    let lastSnapshot = 0;
    let previous = { step: -1, epoch: -1, loss: 0, seen: 0 };
    const batchSize = def.training.batchSize;
    const snapshot = (rows: number): void => {
      post({
        kind: "snapshot",
        activations: activationHistograms(model, rows),
        weights: weightHistograms(model),
        boundary: twoD ? decisionBoundary(model, data.train.x, data.train.n, module.MAX_BATCH) : undefined,
        points: lastSnapshot === 0 ? points : [],
      });
      lastSnapshot = performance.now();
    };
    const flush = (epoch: number): void => {
      if (pending.length > 0) post({ kind: "steps", epoch, points: pending });
      pending = [];
      lastSteps = performance.now();
    };
    post({ kind: "started", threads: "", trainRows: data.train.n, steps: def.training.steps });
    snapshot(0);
    const result = await rt.trainModel(model, data, {
      threads: request.threads,
      shouldStop: stop ? () => Atomics.load(stop, 0) === 1 : undefined,
      onBatch: (p) => {
        // The progress carries the epoch's running mean; the batch's own loss is the difference of running sums.
        const seen = Math.min(p.batch * batchSize, data.train.n);
        const sameEpoch = p.epoch === previous.epoch;
        const before = sameEpoch ? previous.loss * previous.seen : 0;
        const rows = seen - (sameEpoch ? previous.seen : 0);
        const loss = rows > 0 ? (p.loss * seen - before) / rows : p.loss;
        if (p.step !== previous.step) pending.push({ step: p.step, loss, lr: p.lr, accuracy: p.accuracy ?? null });
        previous = { step: p.step, epoch: p.epoch, loss: p.loss, seen };
        const now = performance.now();
        if (now - lastSteps >= STEPS_MS) flush(p.epoch + 1);
        if (now - lastSnapshot >= SNAPSHOT_MS) snapshot(Math.min(batchSize, rows || batchSize));
      },
      onEpoch: (m) => {
        flush(m.epoch);
        post({
          kind: "epoch",
          epoch: m.epoch,
          step: typeof m.step === "number" ? m.step : model.step,
          trainLoss: m.train_loss,
          trainAccuracy: m.train_accuracy,
          valLoss: m.val_loss,
          valAccuracy: m.val_accuracy,
          ratios: m.update_weight_ratio ?? {},
        });
      },
    });
    flush(result.epochs.length);
    snapshot(batchSize);
    const checkpoint = rt.checkpointBytes(model);
    const metrics = JSON.stringify(rt.metricsJson(module.SOURCE, result), null, 2) + "\n";
    post({ kind: "done", stopped: result.paused !== undefined, steps: result.steps, checkpoint, metrics, summary: result.threads.reason }, [
      checkpoint.buffer,
    ]);
  } catch (err) {
    post({ kind: "error", message: err instanceof Error ? err.message : String(err) });
  } finally {
    if (moduleUrl) URL.revokeObjectURL(moduleUrl);
    if (replicaUrl) URL.revokeObjectURL(replicaUrl);
  }
};
