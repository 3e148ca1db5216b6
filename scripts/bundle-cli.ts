/**
 * The command line's bundle in the package: `dist/cli-bundle/nnc.js`, the compiled `dist/cli/main.js` with the
 * compiler, grammar and command modules it imports folded into a few ES modules, which `bin/nnc.js` runs when
 * installed. A cold `nnc check` spent most of its time in Node's module loader reading and linking some 300
 * small files (docs/packaging.md, Cold start); with the bundle it loads about 50, 13 of them the bundle's.
 *
 * Three things keep it the same program as the per-file tree beside it:
 * - Lazy loading stays: every `import()` of a command's machinery becomes a chunk of its own (esbuild's code
 *   splitting), so `nnc --help` still loads only the command definitions.
 * - The runtime is not bundled. Its modules stay the per-file `dist/runtime/` that a generated module imports,
 *   so the process holds one copy of it (one class per error, one thread pool, one set of kernel instances).
 * - Each bundled module keeps seeing its own URL. Code that finds files beside itself (worker entries, the
 *   PyTorch target's templates, package.json) uses `import.meta.url`; in a chunk that would be the chunk's. Each
 *   such expression becomes `new URL("<path of the original file>", import.meta.url).href`, found by parsing the
 *   module (acorn), so strings that merely contain the text, like generated code, are left alone.
 * npm packages stay imports (`packages: "external"`), resolved from node_modules at run time as before.
 */
import { readFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { parse, type Node } from "acorn";
import { build, type Plugin } from "esbuild";

/** Where the bundle goes inside dist/: entry and chunks in one folder, so one relative path reaches dist/runtime/ from each. */
const CLI_BUNDLE = "cli-bundle";

/** A relative import specifier from folder `from` to file `to`, with forward slashes. */
function specifier(from: string, to: string): string {
  const path = relative(from, to).split(sep).join("/");
  return path.startsWith(".") ? path : `./${path}`;
}

/**
 * Start and end offsets of every `import.meta.url` expression of an ES module's source. Any other use of
 * `import.meta` (`dirname`, `resolve`, the object itself) is an error: it would silently describe the chunk.
 */
function moduleUrlExpressions(source: string, file: string): [number, number][] {
  const found: [number, number][] = [];
  const visit = (node: Node): void => {
    const n = node as Node & { object?: Node & { meta?: { name: string }; property?: { name: string } }; property?: { name?: string } };
    if (
      n.type === "MemberExpression" &&
      n.object?.type === "MetaProperty" &&
      n.object.meta?.name === "import" &&
      n.object.property?.name === "meta" &&
      n.property?.name === "url"
    ) {
      found.push([n.start, n.end]);
      return;
    }
    // Reached only where import.meta is not the object of `.url` (those return above without visiting it).
    if (n.type === "MetaProperty")
      throw new Error(`${file}: import.meta used other than as import.meta.url; the CLI bundle cannot keep its meaning`);
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) {
        for (const item of value) if (item !== null && typeof item === "object" && typeof item.type === "string") visit(item);
      } else if (value !== null && typeof value === "object" && typeof (value as Node).type === "string") visit(value as Node);
    }
  };
  visit(parse(source, { ecmaVersion: "latest", sourceType: "module" }));
  return found.sort((a, b) => a[0] - b[0]);
}

/** `source` with each `import.meta.url` replaced by `replacement` (an expression). */
export function replaceModuleUrl(source: string, file: string, replacement: string): string {
  let out = "",
    at = 0;
  for (const [start, end] of moduleUrlExpressions(source, file)) {
    out += source.slice(at, start) + replacement;
    at = end;
  }
  return out + source.slice(at);
}

/** Relative imports of dist/runtime/ stay imports, re-pointed from the bundle's folder. */
function runtimeStaysShared(dist: string, outdir: string): Plugin {
  const runtime = join(dist, "runtime") + sep;
  return {
    name: "runtime-stays-shared",
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        const target = resolve(args.resolveDir, args.path);
        return target.startsWith(runtime) ? { path: specifier(outdir, target), external: true } : undefined;
      });
    },
  };
}

/** Each module's `import.meta.url` stays its own file's URL (see above). */
function ownModuleUrls(dist: string, outdir: string): Plugin {
  return {
    name: "own-module-urls",
    setup(b) {
      b.onLoad({ filter: /\.js$/ }, async (args) => {
        if (!args.path.startsWith(dist + sep)) return undefined;
        const source = await readFile(args.path, "utf8");
        if (!source.includes("import.meta")) return undefined;
        const own = `new URL(${JSON.stringify(specifier(outdir, args.path))}, import.meta.url).href`;
        return { contents: replaceModuleUrl(source, args.path, own), loader: "js", resolveDir: dirname(args.path) };
      });
    },
  };
}

/** Writes dist/cli-bundle/ from the compiled dist/cli/main.js and what it imports. */
export async function bundleCommandLine(dist: string): Promise<void> {
  const outdir = join(dist, CLI_BUNDLE);
  await build({
    entryPoints: { nnc: join(dist, "cli", "main.js") },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    chunkNames: "[name]-[hash]",
    plugins: [runtimeStaysShared(dist, outdir), ownModuleUrls(dist, outdir)],
    logLevel: "warning",
  });
}
