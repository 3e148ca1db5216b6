/**
 * Where a spec's generated module is cached (nnc/register reuses one that exists): the key holds the copy
 * of nnc, so an upgrade — which writes nnc's package.json anew — does not run modules of the old generator.
 */
import { statSync, utimesSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { moduleCacheFolder } from "../../cli/spec-module.ts";

const root = resolve(import.meta.dirname, "../..");

describe("the generated-module cache", () => {
  it("is per spec path and text", () => {
    expect(moduleCacheFolder("a.nn", "x")).toBe(moduleCacheFolder("a.nn", "x"));
    expect(moduleCacheFolder("a.nn", "x")).not.toBe(moduleCacheFolder("b.nn", "x"));
    expect(moduleCacheFolder("a.nn", "x")).not.toBe(moduleCacheFolder("a.nn", "y"));
  });

  it("changes when nnc is reinstalled or upgraded (its package.json written again)", () => {
    const manifest = join(root, "package.json");
    const { atime, mtime } = statSync(manifest);
    // A whole second, so setting a time and setting it back gives the same identity: a Date from statSync
    // is the file's time rounded to the millisecond, and restoring that Date could move it by one.
    const installed = new Date(Math.trunc(mtime.getTime() / 1000) * 1000);
    try {
      utimesSync(manifest, atime, installed);
      const before = moduleCacheFolder("a.nn", "x");
      utimesSync(manifest, atime, new Date(installed.getTime() + 1000));
      expect(moduleCacheFolder("a.nn", "x")).not.toBe(before);
      utimesSync(manifest, atime, installed);
      expect(moduleCacheFolder("a.nn", "x")).toBe(before);
    } finally {
      utimesSync(manifest, atime, mtime);
    }
  });
});
