/**
 * What `nnc train` shows while it runs: the bar's whole-run ETA on a terminal, plain progress lines inside
 * epochs when stderr is a file or pipe, and NDJSON events on stdout with --json for other programs.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repo, runFolder, syntheticSpec } from "../reliability/fixtures.ts";

const folders: string[] = [];
afterAll(() => folders.forEach((d) => rmSync(d, { recursive: true, force: true })));

// 320 training rows in batches of 16: 20 batches per epoch, 3 epochs, 60 steps.
const dir = runFolder(syntheticSpec({ epochs: 3 }), 400);
folders.push(dir);
const spec = join(dir, "spec.nn");

function train(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(repo, "bin/nnc.js"), "train", spec, ...args], {
    cwd: repo,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  expect(r.stderr).not.toMatch(/internal error/);
  return r;
}

type Event = Record<string, unknown> & { event: string };

describe("nnc train progress", () => {
  it("prints progress lines inside epochs when stderr is not a terminal, with the epoch's and the run's ETA", () => {
    // NNC_PROGRESS_SECONDS=0: a line after every batch (the default is one at least every 10 s).
    const r = train(["--out", join(dir, "lines")], { NNC_PROGRESS_SECONDS: "0" });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stderr.split("\n").filter((l) => / batch \d+\/20 /.test(l));
    expect(lines.length).toBeGreaterThanOrEqual(3 * 18);
    expect(lines[0]).toMatch(
      /^epoch 1\/3 batch 1\/20 \(5%\) \| loss \d\.\d{4} acc \d\.\d{4} \| lr 1\.00e-2 \| \d+ samples\/s \| ETA epoch -, run -$/,
    );
    // Once a few steps are timed both estimates are durations.
    expect(lines.at(-1)).toMatch(/^epoch 3\/3 batch 19\/20 \(95%\) .* \| ETA epoch \d+s, run \d+s$/);
  }, 120_000);

  it("--no-progress prints one line per epoch only", () => {
    const r = train(["--out", join(dir, "quiet"), "--no-progress"], { NNC_PROGRESS_SECONDS: "0" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/ batch \d+\/20 /);
    expect(r.stderr.match(/^epoch \d: /gm)).toHaveLength(3);
  }, 120_000);

  it("--json prints NDJSON events on stdout: start, a batch event per step with loss, lr, samples/s and ETA, epochs, end", () => {
    const r = train(["--out", join(dir, "json"), "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const events = r.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Event);
    expect(events[0]).toMatchObject({
      event: "start",
      spec,
      out: join(dir, "json"),
      train_rows: 320,
      validation_rows: 80,
      epochs: 3,
      step_budget: null,
    });
    const batches = events.filter((e) => e.event === "batch");
    expect(batches.map((e) => e.step)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    for (const b of batches) {
      expect(b).toMatchObject({ last_step: 60, lr: 0.01 });
      expect(typeof b.loss).toBe("number");
      expect(b.samples_per_second as number).toBeGreaterThan(0);
    }
    expect(batches[0].eta_run_seconds).toBeNull();
    expect(typeof batches[59].eta_run_seconds).toBe("number");
    expect(events.filter((e) => e.event === "epoch").map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(events.at(-1)).toMatchObject({
      event: "end",
      status: "finished",
      steps: 60,
      checkpoint: join(dir, "json", "checkpoint.safetensors"),
      report: join(dir, "json", "report.html"),
    });
  }, 120_000);

  it("--json with --steps ends with a paused event carrying the resume command", () => {
    const r = train(["--out", join(dir, "json-steps"), "--steps", "25", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const end = JSON.parse(r.stdout.trimEnd().split("\n").at(-1)!) as Event;
    expect(end).toMatchObject({
      event: "end",
      status: "paused",
      steps: 25,
      paused: { reason: "steps", epoch: 2, batch: 5, step: 25 },
      resume_command: `nnc train ${spec} --resume ${join(dir, "json-steps")}`,
    });
  }, 120_000);

  it.skipIf(!existsSync("/usr/bin/script"))(
    "on a terminal the bar shows the whole run's ETA beside the epoch's",
    async () => {
      const command = [process.execPath, join(repo, "bin/nnc.js"), "train", spec, "--out", join(dir, "bar"), "--epochs", "30"].join(" ");
      const child = spawn("/usr/bin/script", ["-qfec", command, "/dev/null"], { cwd: repo, stdio: ["ignore", "pipe", "pipe"] });
      let screen = "";
      child.stdout.on("data", (d: Buffer) => (screen += d.toString()));
      const code = await new Promise((resolve) => child.on("close", resolve));
      expect(code, screen.slice(-1000)).toBe(0);
      expect(screen).toMatch(/epoch \d+\/30 \[[█░]+\] \d+% \| .* \| ETA \S+, run \d+s/);
    },
    120_000,
  );
});
