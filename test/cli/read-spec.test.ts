/**
 * Spec files are read bounded, by one reader (cli/read-spec.ts) for every command: `nnc check /dev/zero`
 * read until memory ran out and a FIFO blocked forever; a spec over MAX_SPEC_BYTES is refused unread
 * (checking costs up to ~300 bytes of heap per character).
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAX_SPEC_BYTES } from "../../cli/read-spec.ts";
import { nnc, removeTempSpecs, tempSpecs } from "./run.ts";

afterAll(removeTempSpecs);

describe("reading a spec file", () => {
  it("refuses a device with a clear line and exit 2", () => {
    const r = nnc(["check", "/dev/zero"]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe("nnc: /dev/zero: is a character device; expected a .nn spec, a regular file");
  });

  it("refuses a FIFO instead of blocking on it", () => {
    const dir = tempSpecs({});
    const fifo = join(dir, "spec.nn");
    execFileSync("mkfifo", [fifo]);
    for (const command of ["check", "compile", "fmt", "train", "sweep"]) {
      const r = nnc([command, fifo]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim()).toBe(`nnc: ${fifo}: is a named pipe (FIFO); expected a .nn spec, a regular file`);
    }
  });

  it("refuses a spec one byte over the size limit, and reads one exactly at it", () => {
    const dir = tempSpecs({});
    const big = join(dir, "big.nn");
    writeFileSync(big, "#".repeat(MAX_SPEC_BYTES + 1));
    const r = nnc(["check", big]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(`nnc: ${big}: is 10,485,761 bytes; nnc reads specs of up to 10,485,760 bytes (10 MiB)`);
    // Exactly MAX_SPEC_BYTES of comment: read and checked (the missing blocks reported), not refused.
    const ok = join(dir, "ok.nn");
    writeFileSync(ok, "#".repeat(MAX_SPEC_BYTES));
    const read = nnc(["check", ok]);
    expect(read.stderr).not.toContain("nnc reads specs of up to");
    expect(read.stdout).toContain("error NN4001: the spec needs a `model { }` block");
  }, 60_000);
});
