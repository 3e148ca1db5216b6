/**
 * Data files that never end or explode, through the real `nnc train`: a 4 MB gzip that inflates to 4 GiB,
 * an IDX header that declares 4 GiB, /dev/zero, a named pipe, a directory. Each ends with exit code 1 and
 * one line naming the file and what was wrong, without inflating or reading more than the header declares
 * (memory bound checked on the loader in a child process). Also: CR-only CSV line ends, and a bad IDX label
 * named by the labels file.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { nnc, repo, runFolder, syntheticSpec, type Run } from "./fixtures.ts";
import { gzipBomb } from "./fuzz/gzip-bomb.ts";

const folders: string[] = [];
afterAll(() => folders.forEach((d) => rmSync(d, { recursive: true, force: true })));

const idxSpec = (images: string, labels: string, classes = 3) => `data {
  train = idx("${images}", "${labels}")
}
model {
  input = [1, 2, 2]
  flatten
  out: dense(${classes})
  loss = cross_entropy()
}
train {
  optimizer = sgd(lr = 0.1)
  epochs = 1
  batch_size = 2
}
`;

const u32 = (...v: number[]) => v.flatMap((x) => [(x >>> 24) & 255, (x >>> 16) & 255, (x >>> 8) & 255, x & 255]);
const imagesHeader = (...dims: number[]) => Uint8Array.from([0, 0, 8, dims.length, ...u32(...dims)]);
const goodImages = Uint8Array.from([...imagesHeader(2, 2, 2), 1, 2, 3, 4, 5, 6, 7, 8]);
const goodLabels = Uint8Array.from([0, 0, 8, 1, ...u32(2), 0, 1]);

function folder(spec: string, files: Record<string, string | Uint8Array> = {}): string {
  const dir = runFolder(spec, 10, files);
  folders.push(dir);
  return dir;
}

function train(dir: string): Run {
  // A timeout turns a hang (a pipe nobody writes) into a failed test instead of a stuck suite.
  const r = spawnSync(
    process.execPath,
    [join(repo, "bin/nnc.js"), "train", join(dir, "spec.nn"), "--out", join(dir, "run"), "--no-progress"],
    { encoding: "utf8", timeout: 60_000 },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectCleanError(r: Run, ...parts: RegExp[]): void {
  expect(r.status, r.stderr).toBe(1);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
  const last = r.stderr.trim().split("\n").at(-1)!;
  expect(last).toMatch(/^nnc: data error: /);
  for (const p of parts) expect(last).toMatch(p);
}

/** Loads an IDX pair in a fresh process and reports its peak resident memory and what happened. */
function loadInChild(images: string, labels: string): { maxRssMB: number; error: string } {
  const script = join(repo, "test/reliability/load-idx-child.ts");
  const r = spawnSync(process.execPath, [join(repo, "bin/run-ts.js"), script, images, labels], { encoding: "utf8", timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { maxRssMB: number; error: string };
}

describe("data that explodes", () => {
  const bomb = gzipBomb(imagesHeader(2, 2, 2), 4 * 2 ** 30);

  it("is a 4 MB gzip that inflates to 4 GiB", () => {
    expect(bomb.length).toBeLessThan(5e6);
  });

  it("refuses a gzip bomb behind a valid IDX header after inflating only what the header declares", () => {
    const dir = folder(idxSpec("images.idx.gz", "labels.idx"), { "images.idx.gz": bomb, "labels.idx": goodLabels });
    expectCleanError(train(dir), /images\.idx\.gz: decompresses to more than the 24 bytes its IDX header \[2, 2, 2\] declares/);
    const child = loadInChild(join(dir, "images.idx.gz"), join(dir, "labels.idx"));
    expect(child.error).toMatch(/decompresses to more than the 24 bytes/);
    // Inflating it all took 8.6 GB; the bound is what the header declares plus Node's own ~100 MB.
    expect(child.maxRssMB).toBeLessThan(400);
  });

  it("refuses a gzip bomb of zeros by its magic number, after inflating only a prefix", () => {
    const zeros = gzipBomb(new Uint8Array(0), 4 * 2 ** 30);
    const dir = folder(idxSpec("images.idx.gz", "labels.idx"), { "images.idx.gz": zeros, "labels.idx": goodLabels });
    expectCleanError(train(dir), /images\.idx\.gz: IDX element type is 0x00 .* expected 0x08/);
    expect(loadInChild(join(dir, "images.idx.gz"), join(dir, "labels.idx")).maxRssMB).toBeLessThan(400);
  });

  it("refuses an IDX header that declares more than 2^30 elements before reading the body", () => {
    const dir = folder(idxSpec("images.idx", "labels.idx"), {
      "images.idx": Uint8Array.from([...imagesHeader(65536, 256, 256), 1, 2, 3]),
      "labels.idx": goodLabels,
    });
    expectCleanError(train(dir), /images\.idx: IDX header \[65536, 256, 256\] declares 4294967296 elements; at most 1073741824 \(2\^30\)/);
  });

  it("refuses gzip whose body is shorter than the header declares", () => {
    const dir = folder(idxSpec("images.idx.gz", "labels.idx"), {
      "images.idx.gz": gzipSync(goodImages.subarray(0, 19)),
      "labels.idx": goodLabels,
    });
    expectCleanError(train(dir), /images\.idx\.gz: IDX body has 3 bytes but the header \[2, 2, 2\] promises 8 \(the file is truncated\)/);
  });
});

describe("data that never ends", () => {
  it.skipIf(!existsSync("/dev/zero"))('refuses csv("/dev/zero"): a character device, not a regular file', () => {
    const dir = folder(syntheticSpec({ epochs: 1 }).replace('"train.csv"', '"/dev/zero"'));
    expectCleanError(train(dir), /\/dev\/zero: is a character device; expected a CSV file, a regular file/);
  });

  it.skipIf(process.platform === "win32")("refuses a named pipe instead of blocking on it forever", () => {
    const dir = folder(syntheticSpec({ epochs: 1 }).replace('"train.csv"', '"pipe.csv"'));
    expect(spawnSync("mkfifo", [join(dir, "pipe.csv")]).status).toBe(0);
    expectCleanError(train(dir), /pipe\.csv: is a named pipe \(FIFO\); expected a CSV file, a regular file/);
  });

  it.skipIf(process.platform === "win32")(
    "refuses a named pipe or /dev/zero as a checkpoint (--init, eval) instead of blocking or reading forever",
    () => {
      const dir = folder(syntheticSpec({ epochs: 1 }));
      expect(spawnSync("mkfifo", [join(dir, "init.safetensors")]).status).toBe(0);
      const r = spawnSync(
        process.execPath,
        [
          join(repo, "bin/nnc.js"),
          "train",
          join(dir, "spec.nn"),
          "--init",
          join(dir, "init.safetensors"),
          "--out",
          join(dir, "run"),
          "--no-progress",
        ],
        { encoding: "utf8", timeout: 60_000 },
      );
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr.trim().split("\n").at(-1)).toMatch(
        /^nnc: checkpoint error: .*init\.safetensors: is a named pipe \(FIFO\); expected a safetensors checkpoint, a regular file$/,
      );
      if (existsSync("/dev/zero")) {
        const e = spawnSync(
          process.execPath,
          [join(repo, "bin/nnc.js"), "eval", join(dir, "spec.nn"), "--checkpoint", "/dev/zero", "--set", "validation"],
          { encoding: "utf8", timeout: 60_000 },
        );
        expect(e.status, e.stderr).toBe(1);
        expect(e.stderr.trim().split("\n").at(-1)).toBe(
          "nnc: checkpoint error: /dev/zero: is a character device; expected a safetensors checkpoint, a regular file",
        );
      }
    },
  );

  it("refuses a directory given as IDX images", () => {
    const dir = folder(idxSpec("images", "labels.idx"), { "labels.idx": goodLabels });
    mkdirSync(join(dir, "images"));
    expectCleanError(train(dir), /images: is a directory; expected an IDX images file \(optionally gzipped\), a regular file/);
  });
});

describe("smaller data problems", () => {
  it("reads a CSV with CR-only line ends as rows, and reports a bad cell there with its line and no raw CR", () => {
    const rows = Array.from({ length: 20 }, (_, i) => `${i % 3},1,0.5,-1,${i % 3}`);
    const good = folder(syntheticSpec({ epochs: 1, validation: false }), { "train.csv": ["a,b,c,d,label", ...rows].join("\r") + "\r" });
    const ok = train(good);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/train 20 rows/);
    const bad = folder(syntheticSpec({ epochs: 1 }), { "train.csv": ["a,b,c,d,label", rows[0], "1,x,3,4,0", rows[1]].join("\r") });
    const r = train(bad);
    expectCleanError(r, /train\.csv:3: column 1: cell "x" is not a number/);
    expect(r.stderr).not.toContain("\r");
  });

  it("names the labels file, not the images file, for a label outside the model's classes", () => {
    const dir = folder(idxSpec("images.idx", "labels.idx", 3), {
      "images.idx": goodImages,
      "labels.idx": Uint8Array.from([0, 0, 8, 1, ...u32(2), 0, 7]),
    });
    const r = train(dir);
    expectCleanError(r, /labels\.idx: row 2 has label 7, outside the model's 3 classes/);
    expect(r.stderr.trim().split("\n").at(-1)).not.toMatch(/images\.idx/);
  });
});
