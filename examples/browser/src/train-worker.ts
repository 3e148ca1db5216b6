/**
 * Trains src/spiral.nn off the page's main thread. It does what the generated `train()` does
 * (createModel, loadData, trainModel), keeping the model to draw its decision boundary afterwards.
 * On a cross-origin isolated page, trainModel may start more Web Workers for data-parallel training.
 */
import { checkpointBytes, trainModel } from "nnc/runtime";
import { createModel, loadData, MAX_BATCH, train } from "./spiral.nn";
import { EXTENT, GRID, type TrainRequest, type WorkerReply } from "./protocol.ts";

const reply = (m: WorkerReply, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

self.onmessage = async (e: MessageEvent<TrainRequest>) => {
  try {
    if (e.data.api === "train") {
      // The generated train(), exactly as a Node program calls it.
      const result = await train({ threads: e.data.threads, epochs: e.data.epochs, takeBack: e.data.takeBack });
      reply({ kind: "result", result });
      return;
    }
    const model = createModel();
    const data = await loadData();
    const result = await trainModel(model, data, {
      threads: e.data.threads,
      epochs: e.data.epochs,
      takeBack: e.data.takeBack,
      onEpoch: (m) =>
        reply({
          kind: "epoch",
          epoch: m.epoch,
          epochs: e.data.epochs ?? model.definition.training.epochs ?? 0,
          loss: m.train_loss,
          accuracy: m.train_accuracy,
          valAccuracy: m.val_accuracy,
        }),
    });
    // The class the model predicts at the centre of each grid cell, MAX_BATCH cells at a time.
    const cells = GRID * GRID;
    const grid = new Int32Array(cells);
    const x = new Float32Array(MAX_BATCH * 2);
    for (let start = 0; start < cells; start += MAX_BATCH) {
      const n = Math.min(MAX_BATCH, cells - start);
      for (let i = 0; i < n; i++) {
        const c = start + i;
        x[2 * i] = -EXTENT + (2 * EXTENT * ((c % GRID) + 0.5)) / GRID;
        x[2 * i + 1] = EXTENT - (2 * EXTENT * (Math.floor(c / GRID) + 0.5)) / GRID;
      }
      grid.set(model.predict(x, n).subarray(0, n), start);
    }
    const all = [data.train, data.validation].filter((d) => d !== undefined);
    const points = new Float32Array(all.reduce((s, d) => s + d.x.length, 0));
    const labels = new Int32Array(all.reduce((s, d) => s + d.n, 0));
    let p = 0;
    let l = 0;
    for (const d of all) {
      points.set(d.x, p);
      labels.set(d.labels!, l);
      p += d.x.length;
      l += d.n;
    }
    const checkpoint = checkpointBytes(model);
    reply(
      {
        kind: "done",
        threads: { count: result.threads.count, reason: result.threads.reason, workerShards: result.threads.workerShards },
        history: result.epochs,
        points,
        labels,
        grid,
        checkpoint,
      },
      [points.buffer, labels.buffer, grid.buffer, checkpoint.buffer],
    );
  } catch (err) {
    reply({ kind: "error", message: err instanceof Error ? err.message : String(err) });
  }
};
