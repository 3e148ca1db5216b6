/**
 * A Vite (and so Vitest) plugin: `import { train } from "./spiral.nn"` compiles the spec when it is
 * loaded, and a spec with errors fails the build (or shows in the dev server's overlay) with file:line:col.
 * Usage in vite.config.ts / vitest.config.ts: `plugins: [nnc()]`; nothing else needs configuring.
 *
 * What it arranges for a page:
 * - data files the spec names become assets: the generated code names them `new URL("./…", import.meta.url)`
 *   (relative to the spec, wherever they are), which Vite copies into the build and the browser runtime
 *   fetches; the module's SOURCE is the spec's path relative to the Vite root, so no absolute path of the
 *   build machine ends up in the bundle;
 * - every compiled spec registers a Web Worker script that builds replicas of its model, for data-parallel
 *   training on a cross-origin isolated page (runtime/parallel/web-pool.ts). The script is a virtual module
 *   `<spec>.nn-replica-worker.js` beside the spec: it imports the spec (`?nnc-replica`, compiled without the
 *   registration, so a worker does not register itself) and calls serveReplicas;
 * - workers are bundled as ES modules (Vite's default `iife` format cannot hold code-split or
 *   top-level-await chunks) and with this plugin, so a spec imported from a worker compiles too.
 */
import { existsSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, sep } from "node:path";
import { transformWithOxc, type Plugin } from "vite";
import { compile, formatDiagnostic } from "../compiler/index.ts";
import { readSpecText } from "../cli/read-spec.ts";

export interface NncPluginOptions {
  /** Module specifier the generated code imports the runtime from (default `nnc/runtime`). */
  readonly runtimeImport?: string;
}

/** Suffix of the virtual worker script of a spec: `spiral.nn` → `spiral.nn-replica-worker.js`. */
const WORKER_SUFFIX = "-replica-worker.js";
/** Query of the spec import inside that worker: compiled without the worker registration. */
const IN_WORKER = "nnc-replica";

function splitId(id: string): { path: string; query: string } {
  const q = id.indexOf("?");
  return q < 0 ? { path: id, query: "" } : { path: id.slice(0, q), query: id.slice(q + 1) };
}

export function nnc(options: NncPluginOptions = {}): Plugin {
  let root = process.cwd();
  const runtimeImport = options.runtimeImport ?? "nnc/runtime";
  return {
    name: "nnc",
    enforce: "pre",
    config() {
      return { worker: { format: "es" as const, plugins: () => [nnc(options)] } };
    },
    configResolved(config) {
      root = config.root;
    },
    resolveId(source, importer) {
      const { path, query } = splitId(source);
      if (!path.endsWith(`.nn${WORKER_SUFFIX}`)) return null;
      // Vite asks for the worker as an absolute path (build) or a root-relative URL (dev).
      const candidates = isAbsolute(path) ? [path, join(root, path)] : importer ? [join(dirname(splitId(importer).path), path)] : [];
      const found = candidates.find((p) => existsSync(p.slice(0, -WORKER_SUFFIX.length)));
      return found === undefined ? null : found + (query ? `?${query}` : "");
    },
    async load(id) {
      const { path, query } = splitId(id);
      if (path.endsWith(`.nn${WORKER_SUFFIX}`)) {
        const spec = basename(path.slice(0, -WORKER_SUFFIX.length));
        return [
          `import * as model from ${JSON.stringify(`./${spec}?${IN_WORKER}`)};`,
          `import { serveReplicas } from ${JSON.stringify(runtimeImport)};`,
          `serveReplicas(model);`,
        ].join("\n");
      }
      if (!path.endsWith(".nn")) return null;
      this.addWatchFile(path);
      const read = readSpecText(path);
      if ("problem" in read) this.error({ message: `cannot import ${path}: ${read.problem}`, id: path });
      const text = read.text;
      const dir = dirname(path);
      const source = relative(root, path).split(sep).join("/");
      const result = await compile(text, { source, baseDir: dir, moduleDir: dir, runtimeImport, relativePaths: true });
      if (result.code === undefined) {
        const errors = result.diagnostics.filter((d) => d.severity === "error");
        const first = errors[0];
        this.error({
          message: `${source} does not compile:\n${errors.map((d) => formatDiagnostic(d, path, text)).join("\n")}`,
          id: path,
          ...(first ? { loc: { file: path, line: first.span.start.line, column: first.span.start.column } } : {}),
        });
      }
      let code = result.code;
      if (!query.split("&").includes(IN_WORKER)) {
        const worker = `./${basename(path)}${WORKER_SUFFIX}`;
        code +=
          `\nimport { registerReplicaWorker as registerReplicaWorker$nnc } from ${JSON.stringify(runtimeImport)};\n` +
          `registerReplicaWorker$nnc(Model, () => new Worker(new URL(${JSON.stringify(worker)}, import.meta.url), { type: "module" }));\n`;
      }
      // The generated module is TypeScript; Vite only strips types from files it knows as .ts.
      const js = await transformWithOxc(code, `${path}.ts`, { lang: "ts" });
      return { code: js.code, map: js.map };
    },
  };
}
