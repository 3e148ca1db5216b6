/**
 * The page: starts the training worker, plots the loss as epochs finish, then draws the decision
 * boundary over the data and offers the checkpoint as a download. `?threads=N` asks for N data-parallel
 * threads (used when the page is cross-origin isolated), `?epochs=N` overrides the spec's epochs, and
 * `?takeBack=0` makes training wait for its workers (the tests use it to see them work on a busy machine);
 * `?api=train` calls the generated `train()` instead and keeps its whole result (the tests compare it with Node's).
 */
import { EXTENT, GRID, type TrainRequest, type WorkerReply } from "./protocol.ts";

const COLORS = ["#1f77b4", "#d62728", "#2ca02c"];
const LIGHT = ["#c6dbef", "#fcbba1", "#c7e9c0"];

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const field = (name: string) => document.querySelector(`[data-testid="${name}"]`) as HTMLElement;
const fmt = (v: number | null | undefined) => (v === null || v === undefined ? "" : v.toFixed(4));

function param(name: string): number | undefined {
  const v = new URLSearchParams(location.search).get(name);
  return v === null ? undefined : Number(v);
}

function plotLoss(losses: number[], epochs: number): void {
  const canvas = $<HTMLCanvasElement>("loss");
  const g = canvas.getContext("2d")!;
  const { width: w, height: h } = canvas;
  g.clearRect(0, 0, w, h);
  if (losses.length === 0) return;
  const max = Math.max(...losses);
  const pad = 30;
  g.strokeStyle = "#999";
  g.strokeRect(pad, 10, w - pad - 10, h - pad - 10);
  g.fillStyle = "#666";
  g.fillText(max.toFixed(2), 2, 16);
  g.fillText("0", 18, h - pad);
  g.strokeStyle = COLORS[0];
  g.beginPath();
  losses.forEach((loss, i) => {
    const x = pad + ((w - pad - 10) * (i + 1)) / Math.max(epochs, losses.length);
    const y = 10 + (h - pad - 10) * (1 - loss / max);
    if (i === 0) g.moveTo(x, y);
    else g.lineTo(x, y);
  });
  g.stroke();
}

function plotBoundary(grid: Int32Array, points: Float32Array, labels: Int32Array): void {
  const canvas = $<HTMLCanvasElement>("boundary");
  const g = canvas.getContext("2d")!;
  const cell = canvas.width / GRID;
  for (let c = 0; c < grid.length; c++) {
    g.fillStyle = LIGHT[grid[c] % LIGHT.length];
    g.fillRect((c % GRID) * cell, Math.floor(c / GRID) * cell, cell + 0.5, cell + 0.5);
  }
  const toPx = (v: number, flip: boolean) => ((flip ? EXTENT - v : v + EXTENT) / (2 * EXTENT)) * canvas.width;
  for (let i = 0; i < labels.length; i++) {
    g.fillStyle = COLORS[labels[i] % COLORS.length];
    g.beginPath();
    g.arc(toPx(points[2 * i], false), toPx(points[2 * i + 1], true), 2.5, 0, 2 * Math.PI);
    g.fill();
  }
}

function start(): void {
  const worker = new Worker(new URL("./train-worker.ts", import.meta.url), { type: "module" });
  const losses: number[] = [];
  field("status").textContent = "training";
  field("error").textContent = "";
  $("download").hidden = true;
  worker.onmessage = (e: MessageEvent<WorkerReply>) => {
    const m = e.data;
    if (m.kind === "epoch") {
      losses.push(m.loss);
      if (losses.length === 1) {
        field("loss-first").textContent = fmt(m.loss);
        field("accuracy-first").textContent = fmt(m.accuracy);
      }
      field("epoch").textContent = `${m.epoch} / ${m.epochs}`;
      field("loss-last").textContent = fmt(m.loss);
      field("accuracy-last").textContent = fmt(m.accuracy);
      field("val-accuracy").textContent = fmt(m.valAccuracy);
      plotLoss(losses, m.epochs);
    } else if (m.kind === "done") {
      field("threads").textContent = `${m.threads.count}: ${m.threads.reason}`;
      field("threads").dataset.workerShards = String(m.threads.workerShards);
      field("status").dataset.history = JSON.stringify(m.history.map((h) => h.train_loss));
      plotBoundary(m.grid, m.points, m.labels);
      const link = $<HTMLAnchorElement>("download");
      link.href = URL.createObjectURL(new Blob([m.checkpoint as Uint8Array<ArrayBuffer>], { type: "application/octet-stream" }));
      link.download = "spiral.safetensors";
      link.hidden = false;
      field("status").textContent = "done";
      worker.terminate();
    } else if (m.kind === "result") {
      field("status").dataset.result = JSON.stringify(m.result);
      field("status").textContent = "done";
      worker.terminate();
    } else {
      field("error").textContent = m.message;
      field("status").textContent = "error";
      worker.terminate();
    }
  };
  const takeBack = param("takeBack");
  const api = new URLSearchParams(location.search).get("api") === "train" ? "train" : undefined;
  worker.postMessage({
    kind: "train",
    threads: param("threads"),
    epochs: param("epochs"),
    takeBack: takeBack === undefined ? undefined : takeBack !== 0,
    api,
  } satisfies TrainRequest);
}

$("train").addEventListener("click", start);
start();
