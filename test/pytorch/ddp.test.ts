/**
 * Data-parallel training through `nnc train --target pytorch --nproc 2` (torchrun, DistributedDataParallel on
 * gloo): two processes end with the weights of one process taking the same global batches, batch norm
 * included (normalised over the global batch); a run whose rank is killed mid-run resumes from its last
 * checkpoint on two processes and completes.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readSafetensors } from "../../runtime/index.ts";
import { removeTempSpecs, repo, tempSpecs } from "../cli/run.ts";
import { hasTorch, nncGroup, python } from "./python.ts";

afterAll(removeTempSpecs);

function rows(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const f = Array.from({ length: 8 }, (_, j) => Math.fround(Math.cos(0.9 * i + 1.3 * j) * (1 + j / 4)));
    out.push([...f, (f[0] + f[1] > 0 ? 1 : 0) + (f[2] > 0.8 ? 1 : 0)].join(","));
  }
  return out.join("\n") + "\n";
}

// 200 training rows in batches of 30: six full global batches and one of 20 per epoch, reshuffled every epoch.
const spec = `data {
  train = csv("data.csv", label = 8)
  validation = split(train, 0.2)
}
model {
  input = [8]
  fc1: dense(16, bias = false)
  bn1: batchnorm()
  relu
  out: dense(3)
  loss = cross_entropy()
}
train {
  optimizer = adam(lr = 0.01)
  epochs = 120
  batch_size = 30
  seed = 7
  checkpoint_every = 20 steps
}
`;

function weights(dir: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const [name, t] of readSafetensors(join(dir, "checkpoint.safetensors")).tensors) {
    out.set(name, t.dtype === "I64" ? Array.from(t.data as BigInt64Array, Number) : Array.from(t.data as Float32Array));
  }
  return out;
}

/** The torchrun worker processes running `script` (the launcher itself runs with -c). */
function workers(script: string): number[] {
  const ps = spawnSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" }).stdout;
  return ps
    .split("\n")
    .filter((l) => l.includes(script) && !l.includes(" -c ") && !l.includes("bin/nnc.js"))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

describe.runIf(hasTorch())("data-parallel training with the PyTorch target", { timeout: 240_000 }, () => {
  it("two gloo processes end within 1e-5 of one process with the same global batch", async () => {
    const dir = tempSpecs({ "data.csv": rows(250), "ddp.nn": spec });
    const run = (nproc: number, out: string) =>
      nncGroup(
        [
          "train",
          "--target",
          "pytorch",
          join(dir, "ddp.nn"),
          "--python",
          python,
          "--nproc",
          String(nproc),
          "--epochs",
          "5",
          "--out",
          join(dir, out),
        ],
        180_000,
      );
    const one = await run(1, "one");
    expect(one.status, one.stderr).toBe(0);
    const two = await run(2, "two");
    expect(two.status, two.stderr).toBe(0);
    expect(two.stderr).toContain("DistributedDataParallel: 2 processes (gloo)");
    const a = weights(join(dir, "one"));
    const b = weights(join(dir, "two"));
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    const largest = Math.max(...[...a].filter(([n]) => !n.endsWith("num_batches_tracked")).flatMap(([, v]) => v.map(Math.abs)));
    let worst = 0;
    for (const [name, v] of a) v.forEach((x, i) => (worst = Math.max(worst, Math.abs(x - (b.get(name) as number[])[i]))));
    expect(worst / largest).toBeLessThanOrEqual(1e-5);
    expect(b.get("bn1.num_batches_tracked")).toEqual([35]);
  });

  it("resumes on two processes after one rank is killed mid-run, and completes", async () => {
    const dir = tempSpecs({ "data.csv": rows(250), "ddp.nn": spec });
    const out = join(dir, "run");
    const args = ["train", "--target", "pytorch", join(dir, "ddp.nn"), "--python", python, "--nproc", "2", "--out", out];
    const child = spawn(process.execPath, [join(repo, "bin/nnc.js"), ...args], { cwd: repo, stdio: "ignore", detached: true });
    const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    const state = join(out, "training-state.safetensors");
    let killed = false;
    for (let waited = 0; waited < 90_000 && !killed; waited += 50) {
      await new Promise((r) => setTimeout(r, 50));
      const pids = workers(join(out, "train.py"));
      if (existsSync(state) && pids.length === 2) {
        process.kill(pids[0], "SIGKILL");
        killed = true;
      }
    }
    if (!killed) process.kill(-(child.pid as number), "SIGKILL");
    expect(killed, "a checkpoint appeared while both ranks ran").toBe(true);
    // torchrun ends the surviving rank and exits with a failure; a launcher still running after 2 minutes is stuck.
    const stuck = setTimeout(() => process.kill(-(child.pid as number), "SIGKILL"), 120_000);
    expect(await exited).not.toBe(0);
    clearTimeout(stuck);
    const before = JSON.parse(readSafetensors(state).metadata.state) as { step: number };
    expect(before.step).toBeGreaterThan(0);
    expect(before.step).toBeLessThan(120 * 7);

    const resumed = await nncGroup(
      ["train", "--target", "pytorch", join(dir, "ddp.nn"), "--python", python, "--nproc", "2", "--resume", out],
      180_000,
    );
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`resuming from ${out}`);
    const metrics = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8")) as { steps: number; epochs: { epoch: number }[] };
    expect(metrics.steps).toBe(120 * 7);
    expect(metrics.epochs.map((e) => e.epoch)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
  }, 240_000);
});
