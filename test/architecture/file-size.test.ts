/**
 * "Files stay small enough to read in one sitting" (shared STYLE, issue 16): no source file in compiler/ or
 * runtime/ is over LIMIT lines. The exceptions are listed by name, each with why it is allowed; a file
 * being split is listed with the helper splitting it and leaves the list when it is under the limit, so
 * the list only shrinks.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const LIMIT = 300;
const SOURCE = /\.(ts|js|py)$/;

/** Files allowed over the limit, and why. */
const ALLOWED: ReadonlyMap<string, string> = new Map([
  // Being split by concept (issue 16), by the helper named; remove each entry when its file is under the limit.
  // compiler/ has none left (ir.ts, plan/layers.ts and codegen/emit-layers.ts came under it with the definitions),
  // nor has runtime/ (issue 16 split the training loop, the WebAssembly writer and the kernel modules).
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(join(repo, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => SOURCE.test(f))
    .map((f) =>
      relative(repo, join(repo, dir, f))
        .split("\\")
        .join("/"),
    );
}

/** Lines as `wc -l` counts them, plus a last line without a newline. */
function lineCount(file: string): number {
  const text = readFileSync(join(repo, file), "utf8");
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

describe("file size", () => {
  it(`no source file in compiler/ or runtime/ is over ${LIMIT} lines, except the listed ones`, () => {
    const over = [...sourceFiles("compiler"), ...sourceFiles("runtime")]
      .filter((f) => !ALLOWED.has(f))
      .map((f) => ({ file: f, lines: lineCount(f) }))
      .filter((f) => f.lines > LIMIT);
    expect(over, `split these along the concepts they mix (STYLE: "Habits that follow", 6)`).toEqual([]);
  });
});
