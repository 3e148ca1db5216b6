/**
 * Ctrl-C during `nnc train`, as a user presses it: the first SIGINT (or SIGTERM) finishes the current step,
 * saves checkpoint, training state, metrics and report, says how to resume and exits 130; the resumed run
 * ends with the bits of a run that was never interrupted. A second signal quits at once without leaving a
 * half-written file; on a terminal the cursor the progress bar hid is shown again.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readSafetensors } from "../../runtime/checkpoint/read.ts";
import { nnc, nncAsync, repo, runFolder, syntheticSpec } from "./fixtures.ts";
import { readRun } from "./state-files.ts";

const folders: string[] = [];
afterAll(() => folders.forEach((d) => rmSync(d, { recursive: true, force: true })));

// 320 training rows in batches of 16: 20 steps per epoch, 6,000 in all — seconds of training, so a signal
// sent early in epoch 3 lands long before the end.
const long = (layers: string) =>
  syntheticSpec({ epochs: 300, hidden: 256, layers, train: "  ema { decay = 0.9 }\n  schedule { lr = cosine(300 epochs) }\n" }).replace(
    "  checkpoint_every = 1 epochs\n",
    "",
  );

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `nnc train`, sending `signals` (one after another, each once its trigger shows on stderr). */
function trainWithSignals(args: string[], signals: { when: RegExp; signal: NodeJS.Signals }[]): Promise<Exit> {
  const child = nncAsync(["train", ...args]);
  let stdout = "";
  let stderr = "";
  let next = 0;
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => {
    stderr += d.toString();
    while (next < signals.length && signals[next].when.test(stderr)) child.kill(signals[next++].signal);
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

function train(dir: string, ...args: string[]) {
  const r = nnc(["train", join(dir, "spec.nn"), "--no-progress", ...args]);
  expect(r.status, r.stderr).toBe(0);
  return r;
}

const metrics = (dir: string) =>
  JSON.parse(readFileSync(join(dir, "metrics.json"), "utf8")) as {
    steps: number;
    paused?: { reason: string; step: number };
    per_step: unknown;
  };

// Progress lines on every batch (stderr is a pipe here), so the signal can be aimed inside an epoch.
process.env.NNC_PROGRESS_SECONDS = "0";

describe("Ctrl-C during nnc train", () => {
  it("saves the run inside the epoch, exits 130 with the resume command, and the resumed run is bit-identical", async () => {
    const dir = runFolder(long("  dropout(0.1)\n"), 400);
    folders.push(dir);
    const spec = join(dir, "spec.nn");
    const out = join(dir, "cut");
    const r = await trainWithSignals([spec, "--out", out], [{ when: /epoch 3\/300 batch 5\//, signal: "SIGINT" }]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain("Ctrl-C: stopping after the current step");
    const said = /interrupted at epoch (\d+)(?: \(batch \d+\/20\))?, step (\d+); resume with `nnc train (.+) --resume (.+)`\n/.exec(
      r.stderr,
    );
    expect(said, r.stderr).not.toBeNull();
    const step = Number(said![2]);
    expect([said![3], said![4]]).toEqual([spec, out]);
    expect(step).toBeGreaterThanOrEqual(45);
    expect(step).toBeLessThan(6000);
    for (const f of ["checkpoint.safetensors", "training-state.safetensors", "metrics.json", "report.html"])
      expect(existsSync(join(out, f)), f).toBe(true);
    expect(metrics(out).paused).toMatchObject({ reason: "interrupt", step });
    expect(metrics(out).steps).toBe(step);

    const resumed = nnc(["train", spec, "--resume", out, "--no-progress"]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain("trained 6000 steps");
    train(dir, "--out", join(dir, "full"));
    expect(readRun(out)).toEqual(readRun(join(dir, "full")));
    expect(metrics(out).per_step).toEqual(metrics(join(dir, "full")).per_step);
  }, 300_000);

  it("SIGTERM does the same in a data-parallel run (--threads 2), and --json ends with an interrupted event", async () => {
    const dir = runFolder(long(""), 400);
    folders.push(dir);
    const spec = join(dir, "spec.nn");
    const out = join(dir, "cut");
    const r = await trainWithSignals(
      [spec, "--out", out, "--threads", "2", "--json"],
      [{ when: /epoch 3\/300 batch 5\//, signal: "SIGTERM" }],
    );
    expect(r.code, r.stderr).toBe(130);
    const end = JSON.parse(r.stdout.trimEnd().split("\n").at(-1)!) as {
      event: string;
      status: string;
      steps: number;
      resume_command: string;
    };
    expect(end).toMatchObject({ event: "end", status: "interrupted", resume_command: `nnc train ${spec} --resume ${out}` });
    expect(end.steps).toBeGreaterThan(40);
    expect(r.stderr).toContain("2 data-parallel threads");
    expect(r.stderr).toMatch(/SIGTERM: stopping after the current step/);
    expect(r.stderr).toMatch(/interrupted at epoch \d+.*, step \d+; resume with/);
    const resumed = nnc(["train", spec, "--resume", out, "--threads", "2", "--no-progress"]);
    expect(resumed.status, resumed.stderr).toBe(0);
    train(dir, "--out", join(dir, "full"), "--threads", "2");
    expect(readRun(out)).toEqual(readRun(join(dir, "full")));
  }, 300_000);

  it("a second Ctrl-C quits at once and leaves only complete files", async () => {
    // Checkpoints at every epoch's end, so the folder holds one (epoch 2's) when the signals arrive.
    const dir = runFolder(long("").replace("train {\n", "train {\n  checkpoint_every = 1 epochs\n"), 400);
    folders.push(dir);
    const out = join(dir, "cut");
    const r = await trainWithSignals(
      [join(dir, "spec.nn"), "--out", out],
      [
        { when: /epoch 3\/300 batch 5\//, signal: "SIGINT" },
        { when: /Ctrl-C: stopping/, signal: "SIGINT" },
      ],
    );
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain(`SIGINT again: quit without waiting; ${out} keeps its last complete checkpoint`);
    // Whatever the second signal cut short, each file is whole (safetensors verify their checksum) or absent,
    // and the checkpoint the message names is there.
    expect(readdirSync(out)).toContain("checkpoint.safetensors");
    for (const name of readdirSync(out)) {
      if (name.endsWith(".safetensors")) expect(() => readSafetensors(join(out, name)), name).not.toThrow();
      if (name === "metrics.json") expect(() => JSON.parse(readFileSync(join(out, name), "utf8"))).not.toThrow();
    }
  }, 300_000);

  it.skipIf(!existsSync("/usr/bin/script"))(
    "on a terminal, Ctrl-C stops the progress bar and shows the cursor again",
    async () => {
      const dir = runFolder(long(""), 400);
      folders.push(dir);
      // util-linux `script` runs the command on a pseudo-terminal; ^C written to it is the terminal's Ctrl-C.
      const command = [process.execPath, join(repo, "bin/nnc.js"), "train", join(dir, "spec.nn"), "--out", join(dir, "cut")].join(" ");
      const child = spawn("/usr/bin/script", ["-qfec", command, "/dev/null"], { cwd: repo, stdio: ["pipe", "pipe", "pipe"] });
      let screen = "";
      let sent = false;
      child.stdout.on("data", (d: Buffer) => {
        screen += d.toString();
        if (!sent && /epoch 3\/300 \[/.test(screen)) {
          sent = true;
          child.stdin.write("\x03");
        }
      });
      const code = await new Promise((resolve) => child.on("close", resolve));
      expect(code, screen.slice(-2000)).toBe(130);
      const hidden = screen.lastIndexOf("\x1b[?25l");
      expect(hidden).toBeGreaterThan(0);
      expect(screen.indexOf("\x1b[?25h", hidden), "the cursor is shown after it was last hidden").toBeGreaterThan(hidden);
      expect(screen).toMatch(/interrupted at epoch \d+/);
    },
    300_000,
  );
});
