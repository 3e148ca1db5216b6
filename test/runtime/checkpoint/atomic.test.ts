import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CheckpointError, writeFileAtomic } from "../../../runtime/checkpoint/index.ts";
import { tempDir } from "./helpers.ts";

describe("writeFileAtomic", () => {
  it("creates and then replaces a file, leaving no temporary files", () => {
    const dir = tempDir();
    const path = join(dir, "model.safetensors");
    writeFileAtomic(path, "old");
    expect(readFileSync(path, "utf8")).toBe("old");
    writeFileAtomic(path, Uint8Array.from([110, 101, 119]));
    expect(readFileSync(path, "utf8")).toBe("new");
    expect(readdirSync(dir)).toEqual(["model.safetensors"]);
  });

  it("keeps the old content and removes its temporary file when the rename fails", () => {
    const dir = tempDir();
    const path = join(dir, "target");
    mkdirSync(path); // renaming a file over a directory fails
    writeFileSync(join(path, "inside"), "old");
    expect(() => writeFileAtomic(path, "new")).toThrow(CheckpointError);
    expect(readFileSync(join(path, "inside"), "utf8")).toBe("old");
    expect(readdirSync(dir)).toEqual(["target"]);
  });

  it("reports a missing directory naming the path", () => {
    const dir = tempDir();
    const path = join(dir, "no", "such", "file");
    let caught: unknown;
    try {
      writeFileAtomic(path, "x");
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CheckpointError);
    expect((caught as CheckpointError).path).toBe(path);
    expect(existsSync(path)).toBe(false);
  });
});
