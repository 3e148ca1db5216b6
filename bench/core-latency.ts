/**
 * The latency between two cores as shared-memory training feels it: `node bin/run-ts.js bench/core-latency.ts
 * [ROUNDS]` bounces an Atomics word between the main thread and a worker thread, 200,000 round trips a round
 * (about 0.1 s), and prints each round's nanoseconds per round trip and how many rounds fell in each 100 ns
 * band. On a VM whose host moves its virtual CPUs, the bands show where data-parallel training's slow
 * stretches come from (docs/performance.md, Data-parallel training).
 */
import { Worker } from "node:worker_threads";

const TRIPS = 200_000;
/** Int32 indices: the main thread's word, the worker's echo (a cache line apart), and the stop flag. */
const PING = 0;
const PONG = 16;
const STOP = 32;

/** The worker's side: echo every odd word the main thread stores, until told to stop (plain JavaScript, no loader). */
const ECHO = `
  const words = new Int32Array(require("node:worker_threads").workerData);
  while (Atomics.load(words, ${STOP}) === 0) {
    const v = Atomics.load(words, ${PING});
    if ((v & 1) === 1 && v !== Atomics.load(words, ${PONG})) Atomics.store(words, ${PONG}, v);
  }`;

const shared = new SharedArrayBuffer(256);
const words = new Int32Array(shared);
const worker = new Worker(ECHO, { eval: true, workerData: shared });
const rounds = Number(process.argv[2] ?? 100);
const ns: number[] = [];
for (let r = 0; r < rounds; r++) {
  const t0 = performance.now();
  for (let i = 0; i < TRIPS; i++) {
    Atomics.store(words, PING, 2 * i + 1);
    while (Atomics.load(words, PONG) !== 2 * i + 1);
  }
  ns.push(((performance.now() - t0) * 1e6) / TRIPS);
}
Atomics.store(words, STOP, 1);
await worker.terminate();
console.log(`ns per round trip, by round: ${ns.map((x) => x.toFixed(0)).join(" ")}`);
const bands = new Map<number, number>();
for (const x of ns) bands.set(Math.floor(x / 100) * 100, (bands.get(Math.floor(x / 100) * 100) ?? 0) + 1);
for (const [band, count] of [...bands].sort((a, b) => a[0] - b[0])) console.log(`${band}–${band + 99} ns: ${count} rounds`);
