/**
 * Long runs: memory stays flat. A small model trains 50 epochs (checkpointing every epoch) in a child
 * process with --expose-gc; resident memory and heap after epoch 10 and after epoch 50 may differ by
 * only a few MB — a per-step or per-checkpoint leak of even one batch buffer would exceed it.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repo, syntheticCsv, syntheticSpec } from "./fixtures.ts";

const dir = join(repo, "tmp", "long-run-test");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Growth allowed between epoch 10 and epoch 50. */
const RSS_BOUND_MB = 12;
const HEAP_BOUND_MB = 4;

describe("long runs", () => {
  it(`RSS grows by less than ${RSS_BOUND_MB} MB from epoch 10 to epoch 50`, () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "train.csv"), syntheticCsv(2000));
    writeFileSync(
      join(dir, "spec.nn"),
      syntheticSpec({ epochs: 50, hidden: 64, layers: "  dropout(0.1)\n", train: "  ema { decay = 0.99 }\n" }),
    );
    writeFileSync(
      join(dir, "run.ts"),
      `import { loadSpecModule } from "../../cli/spec-module.ts";\n` +
        `const { module } = await loadSpecModule(${JSON.stringify(join(dir, "spec.nn"))}, ${JSON.stringify(join(dir, "out"))});\n` +
        `const samples: Record<number, { rss: number; heap: number }> = {};\n` +
        `const gc = (globalThis as { gc?: () => void }).gc!;\n` +
        `await module.train({ outDir: ${JSON.stringify(join(dir, "out"))}, onEpoch: (m: { epoch: number }) => {\n` +
        `  if (m.epoch === 10 || m.epoch === 50) { gc(); gc(); const u = process.memoryUsage(); samples[m.epoch] = { rss: u.rss, heap: u.heapUsed }; }\n` +
        `} });\n` +
        `console.log(JSON.stringify(samples));\n`,
    );
    const r = spawnSync(process.execPath, ["--expose-gc", join(repo, "bin/run-ts.js"), join(dir, "run.ts")], {
      cwd: repo,
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout.trim().split("\n").at(-1)!) as Record<string, { rss: number; heap: number }>;
    const mb = (x: number) => x / 2 ** 20;
    expect(mb(s[50].rss - s[10].rss)).toBeLessThan(RSS_BOUND_MB);
    expect(mb(s[50].heap - s[10].heap)).toBeLessThan(HEAP_BOUND_MB);
  });
});
