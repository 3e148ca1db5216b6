/**
 * Builds what the npm package ships: `dist/`, compiled ES modules and `.d.ts` declarations in the source
 * layout (see tsconfig.build.json and docs/packaging.md). `npm pack` runs it (prepack); a clone runs the
 * TypeScript sources through tsx and needs no build.
 *
 * 1. tsc emits JavaScript and declarations, rewriting relative `./x.ts` imports to `./x.js`.
 * 2. Every other file of the source folders is copied as it is: the few plain-JavaScript files (worker
 *    entries, the loader hooks; each loads its TypeScript sibling through tsx in a clone and the compiled
 *    sibling here), hand-written declarations, and data the code reads beside itself (the PyTorch target's
 *    Python templates).
 * 3. Declarations keep tsc's `./x.ts` specifiers; they are rewritten to `./x.js`, the form every
 *    TypeScript version and module setting of a consumer resolves to the `.d.ts` beside it.
 * 4. esbuild folds the command line and the compiler it runs into dist/cli-bundle/ (scripts/bundle-cli.ts),
 *    which bin/nnc.js runs: a cold `nnc check` loads about 50 files instead of about 300.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { bundleCommandLine } from "./bundle-cli.ts";

const root = resolve(import.meta.dirname, "..");
const dist = join(root, "dist");
const SOURCE_FOLDERS = ["grammar", "compiler", "runtime", "cli", "lsp", "register", "vite", "report"];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Relative specifiers ending in `.ts` in `from "…"`, `import("…")` and `import "…"` forms. */
const RELATIVE_TS = /((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']*?)\.ts(["'])/g;

export function rewriteDeclaration(text: string): string {
  return text.replace(RELATIVE_TS, "$1$2.js$3");
}

export async function build(): Promise<void> {
  rmSync(dist, { recursive: true, force: true });
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
  if (r.status !== 0) throw new Error(`tsc failed (exit ${r.status})`);

  for (const folder of SOURCE_FOLDERS) {
    for (const file of files(join(root, folder))) {
      if (file.endsWith(".ts") && !file.endsWith(".d.ts")) continue;
      const target = join(dist, relative(root, file));
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(file, target);
    }
  }
  for (const file of files(dist)) {
    if (!file.endsWith(".d.ts")) continue;
    const text = readFileSync(file, "utf8");
    const rewritten = rewriteDeclaration(text);
    if (rewritten !== text) writeFileSync(file, rewritten);
  }
  await bundleCommandLine(dist);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await build();
  console.log(`built ${relative(process.cwd(), dist) || "."}/`);
}
