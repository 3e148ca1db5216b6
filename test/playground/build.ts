/** Builds the playground once per test file, as `npm run playground:build` does, into a temporary folder. */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const repo = resolve(import.meta.dirname, "../..");

export function buildPlayground(): string {
  const out = mkdtempSync(join(tmpdir(), "nnc-playground-"));
  execFileSync(
    process.execPath,
    [
      join(repo, "node_modules/vite/bin/vite.js"),
      "build",
      join(repo, "playground"),
      "--outDir",
      out,
      "--emptyOutDir",
      "--logLevel",
      "warn",
    ],
    {
      cwd: repo,
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  return out;
}
