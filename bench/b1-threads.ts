/**
 * B1 by thread count, with each thread's CPU time: `node bin/run-ts.js bench/b1-threads.ts [T...]`
 * (default 1 2). On a shared machine wall time mostly measures the other jobs, but a thread's CPU time
 * does not, and the training thread's CPU time is the epoch's critical path on free cores.
 *
 * Per thread count: one epoch through `module.train` as `nnc train` runs it (workers started while the
 * data loads, start-up included), wall and process CPU, `--repeats N` times; then one epoch of the bare
 * step loop through DataParallel with workers that are never overtaken, split into the training
 * thread's CPU and the workers' (read from /proc/self/task/*\/stat, Linux only), with threads once with
 * the update by range on every thread (as training runs it) and once on the training thread alone.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { loadSpecModule } from "../cli/spec-module.ts";
import { Batcher } from "../runtime/data/batcher.ts";
import { DataParallel } from "../runtime/parallel/data-parallel.ts";
import { prestartDataParallel } from "../runtime/parallel/prestart.ts";
import { parametersFinite } from "../runtime/train/divergence.ts";
import { arenaOf } from "../runtime/arena.ts";
import { requireFirstOrder } from "../runtime/contract.ts";

const args = process.argv.slice(2);
const repeatsAt = args.indexOf("--repeats");
const repeats = repeatsAt >= 0 ? Number(args.splice(repeatsAt, 2)[1]) : 2;
const counts = args.length > 0 ? args.map(Number) : [1, 2];

/** CPU seconds of each thread of this process, by thread id (clock ticks of 1/100 s). */
function threadCpu(): Map<string, number> {
  const out = new Map<string, number>();
  try {
    for (const tid of readdirSync("/proc/self/task")) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(tid, (Number(fields[11]) + Number(fields[12])) / 100);
    }
  } catch {
    // Not Linux: the per-thread split is left out.
  }
  return out;
}

const { module, file } = await loadSpecModule(resolve(import.meta.dirname, "b1-mlp.nn"));
const moduleUrl = pathToFileURL(file).href;
prestartDataParallel(module.DEFINITION, moduleUrl, Math.max(...counts));
const data = await module.loadData();
const s = (x: number) => x.toFixed(2);

for (const threads of counts) {
  for (let r = 0; r < repeats; r++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const result = await module.train({ data, epochs: 1, threads, outDir: join(resolve(import.meta.dirname, "..", "tmp"), "b1-threads") });
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    console.log(
      `B1 ${threads} thread(s), module.train: ${s(wall)} s wall, ${s((cpu.user + cpu.system) / 1e6)} s process CPU (${result.threads.reason})`,
    );
  }
  // The bare step loop: batcher, gradient, Adam, finite check; workers always finish their own shards. With
  // threads, twice: the update by range on every thread (as training runs it), then on the training thread alone.
  for (const byRange of threads > 1 ? [true, false] : [false]) stepLoop(threads, byRange);
}

function stepLoop(threads: number, byRange: boolean): void {
  const model = module.createModel();
  requireFirstOrder(model, "B1's step loop");
  const batcher = new Batcher(data.train, 64, true, model.rng, "f32", arenaOf(model.params)!);
  const dp =
    threads > 1
      ? new DataParallel(model, { x: batcher.x, labels: batcher.labels, targets: batcher.targets, capacity: 64 }, threads, {
          takeBack: false,
        })
      : undefined;
  dp?.waitForWorkers(60_000);
  const before = threadCpu();
  const t0 = performance.now();
  batcher.startEpoch();
  for (let n = batcher.next(); n > 0; n = batcher.next()) {
    model.zeroGradients();
    if (dp && byRange) {
      dp.lossAndGradient(n, 1, false);
      dp.update();
      continue;
    }
    if (dp) dp.lossAndGradient(n, 1);
    else model.lossAndGradient(batcher.x, batcher.labels, batcher.targets, n, 1);
    model.update();
    parametersFinite(model);
  }
  const wall = (performance.now() - t0) / 1000;
  const after = threadCpu();
  dp?.close();
  const used = [...after].map(([tid, t]) => [tid, t - (before.get(tid) ?? 0)] as const).filter(([, t]) => t >= 0.05);
  const main = used.find(([tid]) => tid === String(process.pid))?.[1];
  const others = used.filter(([tid]) => tid !== String(process.pid)).map(([, t]) => s(t));
  const how = threads > 1 ? (byRange ? ", update by range" : ", update on the training thread") : "";
  console.log(
    `B1 ${threads} thread(s), step loop${how}: ${s(wall)} s wall; CPU: training thread ${main === undefined ? "?" : s(main)} s, workers ${others.join(", ") || "-"} s`,
  );
}
