/**
 * Messages quoting a path or a cell never carry raw control or bidi characters to the terminal: a file
 * name with U+202E (right-to-left override), U+2028 (line separator) or NEL (U+0085) is printed with those
 * characters escaped, in data errors, checkpoint errors and spec diagnostics alike.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nnc, runFolder, syntheticSpec } from "./fixtures.ts";

const folders: string[] = [];
afterAll(() => folders.forEach((d) => rmSync(d, { recursive: true, force: true })));

const HOSTILE = "evil\u202Evsc.exe\u2028next\u0085line";
const ESCAPED = "evil\\u{202E}vsc.exe\\u{2028}next\\u{0085}line";
const RAW = /[\u0000-\u0009\u000b-\u001f\u0085\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe("hostile characters in paths", () => {
  it("a data error names the file with its control and bidi characters escaped", () => {
    const dir = runFolder(syntheticSpec({ epochs: 1 }).replace("train.csv", `${HOSTILE}.csv`), 10);
    folders.push(dir);
    const r = nnc(["train", join(dir, "spec.nn"), "--out", join(dir, "run"), "--no-progress"]);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stderr.trim().split("\n").at(-1)).toContain(`${ESCAPED}.csv: file not found`);
  });

  it("a checkpoint error and a spec diagnostic escape them too", () => {
    const dir = runFolder(syntheticSpec({ epochs: 1 }), 10);
    folders.push(dir);
    const sub = join(dir, HOSTILE);
    mkdirSync(sub);
    writeFileSync(join(sub, "spec.nn"), "model {\n  input = [4]\n  out: dense(3\n}\n");
    const check = nnc(["check", join(sub, "spec.nn")]);
    expect(check.status).toBe(1);
    expect(check.stdout + check.stderr).not.toMatch(RAW);
    expect(check.stdout + check.stderr).toContain(`${ESCAPED}/spec.nn:`);
    writeFileSync(join(sub, "init.safetensors"), "not a checkpoint");
    const train = nnc(["train", join(dir, "spec.nn"), "--init", join(sub, "init.safetensors"), "--out", join(dir, "run"), "--no-progress"]);
    expect(train.status).toBe(1);
    expect(train.stderr).not.toMatch(RAW);
    expect(train.stderr).toContain(`${ESCAPED}/init.safetensors`);
  });
});
