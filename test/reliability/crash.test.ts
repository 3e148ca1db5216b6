/**
 * Crash safety: `nnc train` checkpointing every epoch is SIGKILLed at random moments, 20 times; every time
 * the checkpoint and training-state files on disk load and pass their checksums (a torn write would fail).
 */
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readSafetensors } from "../../runtime/checkpoint/read.ts";
import { killAfterFirstCheckpoint, nncAsync, runFolder, syntheticSpec } from "./fixtures.ts";

const TRIALS = 20;
const folders: string[] = [];
afterAll(() => folders.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("crash safety", () => {
  it(`after ${TRIALS} SIGKILLs at random moments the last checkpoint always loads and validates`, async () => {
    // A wide layer makes each checkpoint write long enough that kills often land inside one.
    const dir = runFolder(syntheticSpec({ epochs: 100000, hidden: 1024 }), 64);
    folders.push(dir);
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const trials = Array.from({ length: TRIALS }, (_, i) => ({ out: join(dir, `run${i}`), delay: Math.floor(random() * 400) }));
    // Two at a time: the trials are independent runs, and most of each is process start-up.
    for (let i = 0; i < trials.length; i += 2) {
      await Promise.all(
        trials.slice(i, i + 2).map(async (t) => {
          const child = nncAsync(["train", join(dir, "spec.nn"), "--out", t.out, "--no-progress"]);
          const exited = new Promise((r) => child.once("exit", r));
          await killAfterFirstCheckpoint(child, t.out, t.delay);
          expect(await exited).toBe(null); // killed, not finished or failed
        }),
      );
    }
    for (const t of trials) {
      expect(existsSync(join(t.out, "checkpoint.safetensors"))).toBe(true);
      const model = readSafetensors(join(t.out, "checkpoint.safetensors")); // throws on a bad checksum
      expect(model.metadata.checksum).toMatch(/^sha256:/);
      expect([...model.tensors.keys()]).toEqual(["fc1.weight", "fc1.bias", "out.weight", "out.bias"]);
      const state = readSafetensors(join(t.out, "training-state.safetensors"));
      expect(state.metadata.checksum).toMatch(/^sha256:/);
      expect(Number(JSON.parse(state.metadata.state).epoch)).toBeGreaterThanOrEqual(1);
    }
  }, 180_000);
});
