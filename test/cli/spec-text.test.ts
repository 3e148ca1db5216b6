/**
 * Spec files are read bounded: `nnc check /dev/zero` read until memory ran out and a FIFO blocked forever;
 * a spec over MAX_SPEC_BYTES is refused unread (checking costs up to ~300 bytes of heap per character).
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAX_SPEC_BYTES } from "../../cli/spec-text.ts";
import { nnc, removeTempSpecs, tempSpecs } from "./run.ts";

afterAll(removeTempSpecs);

describe("reading a spec file", () => {
  it("refuses a device with a clear line and exit 2", () => {
    const r = nnc(["check", "/dev/zero"]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(
      "nnc: cannot read /dev/zero: it is not a regular file (a device, FIFO or socket); nnc reads specs from files",
    );
  });

  it("refuses a FIFO instead of blocking on it", () => {
    const dir = tempSpecs({});
    const fifo = join(dir, "spec.nn");
    execFileSync("mkfifo", [fifo]);
    for (const command of ["check", "compile", "fmt"]) {
      const r = nnc([command, fifo]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("it is not a regular file");
    }
  });

  it("refuses a spec one byte over the size limit, and reads one exactly at it", () => {
    const dir = tempSpecs({});
    const big = join(dir, "big.nn");
    writeFileSync(big, "#".repeat(MAX_SPEC_BYTES + 1));
    const r = nnc(["check", big]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(`nnc: cannot read ${big}: it is 10,485,761 bytes; nnc reads specs of up to 10,485,760 bytes (10 MiB)`);
    // Exactly MAX_SPEC_BYTES of comment: read and checked (the missing blocks reported), not refused.
    const ok = join(dir, "ok.nn");
    writeFileSync(ok, "#".repeat(MAX_SPEC_BYTES));
    const read = nnc(["check", ok]);
    expect(read.stderr).not.toContain("cannot read");
    expect(read.stdout).toContain("error NN4001: the spec needs a `model { }` block");
  }, 60_000);
});
