/**
 * Run folders through the real CLI: two runs never write the same folder (a lock with pid and host; a
 * lock left by a killed run is taken over), and an unusable output path (an existing file, a folder
 * below a file, a read-only file system) is one line naming the flag, the path and the reason, for every
 * command that writes one — never a stack trace.
 */
import { spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nnc, nncAsync, runFolder, syntheticSpec, type Run } from "./fixtures.ts";

const folders: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  children.forEach((c) => c.exitCode === null && c.kill("SIGKILL"));
  folders.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function folder(spec = syntheticSpec({ epochs: 1 })): string {
  const dir = runFolder(spec, 40);
  folders.push(dir);
  return dir;
}

/** The pid of a process that has exited (so no live process holds it, barring reuse). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(r.stdout);
}

function expectOneLine(r: Run, ...parts: (string | RegExp)[]): void {
  expect(r.status, r.stderr).toBe(1);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error|EEXIST/);
  const last = r.stderr.trim().split("\n").at(-1)!;
  expect(last).toMatch(/^nnc: /);
  for (const p of parts) expect(last).toMatch(p);
}

/** Starts a long `nnc train` into `out` and waits until it holds the folder's lock. */
async function startLongRun(dir: string, out: string): Promise<ChildProcess> {
  const child = nncAsync(["train", join(dir, "spec.nn"), "--out", out, "--epochs", "100000", "--no-progress"]);
  children.push(child);
  while (!existsSync(join(out, ".nnc-run.lock")) && child.exitCode === null) await new Promise((r) => setTimeout(r, 10));
  expect(child.exitCode).toBe(null);
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGKILL");
  await exited;
}

describe("two runs into one folder", () => {
  it("refuses a second nnc train into a folder a live run is writing, naming that run", async () => {
    const dir = folder(syntheticSpec({ epochs: 100000 }));
    const out = join(dir, "run");
    const first = await startLongRun(dir, out);
    const lock = JSON.parse(readFileSync(join(out, ".nnc-run.lock"), "utf8")) as { pid: number; host: string };
    expect(lock).toMatchObject({ pid: first.pid, host: hostname() });
    const second = nnc(["train", join(dir, "spec.nn"), "--out", out, "--epochs", "1", "--no-progress"]);
    expectOneLine(second, /--out .*run: the folder is in use by another run/, new RegExp(`pid ${first.pid}`), /nnc train .*spec\.nn --out/);
    // The refused run wrote nothing: the first run's lock is still its own.
    expect(JSON.parse(readFileSync(join(out, ".nnc-run.lock"), "utf8")).pid).toBe(first.pid);
    await stop(first);
  });

  it("refuses --resume of a folder a live run is writing, and --resume DIR --out OTHER too", async () => {
    const dir = folder(syntheticSpec({ epochs: 100000 }));
    const out = join(dir, "run");
    const first = await startLongRun(dir, out);
    expectOneLine(
      nnc(["train", join(dir, "spec.nn"), "--resume", out, "--epochs", "1", "--no-progress"]),
      /--resume .*run: the folder is in use by another run/,
    );
    expectOneLine(
      nnc(["train", join(dir, "spec.nn"), "--resume", out, "--out", join(dir, "other"), "--no-progress"]),
      /--resume .*run: another run is writing this folder/,
    );
    await stop(first);
  });

  it("takes over the lock of a run that was killed (its pid is gone) and removes it at the end", () => {
    const dir = folder();
    const out = join(dir, "run");
    mkdirSync(out);
    writeFileSync(
      join(out, ".nnc-run.lock"),
      JSON.stringify({ pid: deadPid(), host: hostname(), command: "nnc train spec.nn", started: "2026-01-01T00:00:00Z" }),
    );
    const r = nnc(["train", join(dir, "spec.nn"), "--out", out, "--no-progress"]);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(out, "checkpoint.safetensors"))).toBe(true);
    expect(existsSync(join(out, ".nnc-run.lock"))).toBe(false);
  });

  it("refuses a folder locked from another host, saying which and how to clear it", () => {
    const dir = folder();
    const out = join(dir, "run");
    mkdirSync(out);
    writeFileSync(
      join(out, ".nnc-run.lock"),
      JSON.stringify({ pid: 4242, host: "cluster-node-7", command: "nnc train spec.nn", started: "2026-01-01T00:00:00Z" }),
    );
    expectOneLine(nnc(["train", join(dir, "spec.nn"), "--out", out, "--no-progress"]), /host cluster-node-7/, /remove .*\.nnc-run\.lock/);
  });

  it("locks the folder of lr-find and report too", async () => {
    const dir = folder(syntheticSpec({ epochs: 100000 }));
    const out = join(dir, "run");
    const first = await startLongRun(dir, out);
    expectOneLine(nnc(["lr-find", join(dir, "spec.nn"), "--out", out, "--iterations", "5"]), /in use by another run/);
    writeFileSync(join(out, "metrics.json"), '{"epochs": []}');
    expectOneLine(nnc(["report", out]), /in use by another run/);
    await stop(first);
  });
});

describe("temporary files a killed run left behind", () => {
  it("are removed by the next run into the folder (and only those of dead writers)", () => {
    const dir = folder();
    const out = join(dir, "run");
    mkdirSync(join(out, "snapshots"), { recursive: true });
    const dead = deadPid();
    const stale = [
      join(out, `.checkpoint.safetensors.${dead}.0123456789ab.tmp`),
      join(out, "snapshots", `.epoch-0001.safetensors.${dead}.ba9876543210.tmp`),
    ];
    for (const f of stale) writeFileSync(f, "half a file");
    const r = nnc(["train", join(dir, "spec.nn"), "--out", out, "--no-progress"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/removed 2 temporary files an interrupted run left/);
    for (const f of stale) expect(existsSync(f)).toBe(false);
    expect(readdirSync(out).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});

describe("unusable output paths", () => {
  const spec = () => {
    const dir = folder();
    writeFileSync(join(dir, "afile"), "not a folder");
    return dir;
  };
  const commands: { name: string; args: (dir: string, out: string) => string[] }[] = [
    { name: "train", args: (d, o) => ["train", join(d, "spec.nn"), "--out", o, "--no-progress"] },
    { name: "lr-find", args: (d, o) => ["lr-find", join(d, "spec.nn"), "--out", o, "--iterations", "5"] },
    { name: "ensemble --seeds", args: (d, o) => ["ensemble", join(d, "spec.nn"), "--seeds", "2", "--out", o] },
  ];
  for (const c of commands) {
    it(`${c.name}: --out naming an existing file is one line`, () => {
      const dir = spec();
      expectOneLine(nnc(c.args(dir, join(dir, "afile"))), /--out .*afile: is a file; expected a folder/);
    });
    it(`${c.name}: --out below a file is one line naming the file`, () => {
      const dir = spec();
      expectOneLine(
        nnc(c.args(dir, join(dir, "afile", "sub", "run"))),
        /--out .*afile\/sub\/run: cannot create the folder: .*afile is a file/,
      );
    });
  }

  it("compile: -o naming a folder, or a file below a file, is one line", () => {
    const dir = spec();
    expectOneLine(nnc(["compile", join(dir, "spec.nn"), "-o", dir]), /--out .*: is a folder; expected a file name/);
    expectOneLine(
      nnc(["compile", join(dir, "spec.nn"), "-o", join(dir, "afile", "x.ts")]),
      /--out .*afile\/x\.ts: cannot write the file: .*afile is a file/,
    );
  });

  // A read-only file system needs a mount; an unprivileged user namespace gives one where the kernel allows it.
  const unshare = spawnSync("unshare", ["-rm", "sh", "-c", "mount -t tmpfs -o ro tmpfs /mnt"], { encoding: "utf8" });
  it.skipIf(unshare.status !== 0)("train and compile on a read-only file system: one line saying so", () => {
    const dir = spec();
    mkdirSync(join(dir, "ro"));
    const bin = join(import.meta.dirname, "../../bin/nnc.js");
    const script = [
      `mount -t tmpfs -o ro tmpfs ${dir}/ro`,
      `${process.execPath} ${bin} train ${dir}/spec.nn --out ${dir}/ro/run --no-progress; echo "rc=$?"`,
      `${process.execPath} ${bin} train ${dir}/spec.nn --out ${dir}/ro --no-progress; echo "rc=$?"`,
      `${process.execPath} ${bin} compile ${dir}/spec.nn -o ${dir}/ro/x.ts; echo "rc=$?"`,
    ].join("\n");
    const r = spawnSync("unshare", ["-rm", "sh", "-c", script], { encoding: "utf8" });
    expect(r.stdout.trim().split("\n")).toEqual(["rc=1", "rc=1", "rc=1"]);
    const lines = r.stderr
      .trim()
      .split("\n")
      .filter((l) => l.startsWith("nnc: "));
    expect(lines).toEqual([
      `nnc: --out ${dir}/ro/run: cannot create the folder: the file system is read-only (EROFS)`,
      `nnc: --out ${dir}/ro: cannot write in the folder: the file system is read-only (EROFS)`,
      `nnc: --out ${dir}/ro/x.ts: cannot write the file: the file system is read-only (EROFS)`,
    ]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
