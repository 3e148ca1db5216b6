/**
 * The playground is a static site: `npm run playground` serves it, `npm run playground:build` writes
 * playground/dist/ with relative URLs only (base "./"), so it works from any folder of any static host.
 * The compiler and the language server run in the page; the few modules that reach Node's file system or
 * its module loader are swapped for page versions (src/platform/): data files come from memory, the
 * parser and code generator's libraries are bundled. The dev and preview servers send the two headers that
 * make the page cross-origin isolated, so training can use data-parallel Web Workers there.
 */
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** Repository modules replaced in the page, by the path they resolve to. */
const PAGE_VERSIONS: readonly [suffix: string, replacement: string][] = [
  ["/grammar/chevrotain.ts", here("src/platform/chevrotain.ts")],
  ["/compiler/codegen/toolchain.ts", here("src/platform/toolchain.ts")],
];

function pageVersions(): Plugin {
  return {
    name: "nnc-playground-page-versions",
    enforce: "pre",
    async resolveId(source, importer, options) {
      if (!PAGE_VERSIONS.some(([suffix]) => source.endsWith(suffix.slice(suffix.lastIndexOf("/") + 1)))) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      const swap = resolved && PAGE_VERSIONS.find(([suffix]) => resolved.id.endsWith(suffix));
      return swap ? swap[1] : null;
    },
  };
}

/**
 * The runtime as its own chunk with its exports kept and a fixed name (assets/nnc-runtime.js): generated
 * modules, imported from blob: URLs in the training worker, import it by URL, and so does the worker.
 */
function runtimeChunk(): Plugin {
  return {
    name: "nnc-playground-runtime",
    apply: "build",
    buildStart() {
      this.emitFile({ type: "chunk", id: here("src/runtime-entry.ts"), fileName: "assets/nnc-runtime.js", preserveSignature: "strict" });
    },
  };
}

const isolation = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" };

export default defineConfig(({ command }) => ({
  root: here("."),
  // Where the page finds the runtime: its source module in the dev server, the chunk runtimeChunk() names
  // in a build (decided by the command, not by NODE_ENV, which a test runner may have set).
  define: { __NNC_RUNTIME_MODULE__: JSON.stringify(command === "build" ? "./nnc-runtime.js" : "./runtime-entry.ts") },
  base: "./",
  plugins: [pageVersions(), runtimeChunk()],
  resolve: {
    alias: [
      { find: /^node:path$/, replacement: "pathe" },
      { find: /^node:fs$/, replacement: here("src/platform/files.ts") },
      { find: /^node:fs\/promises$/, replacement: here("src/platform/files-promises.ts") },
      { find: /^node:url$/, replacement: here("src/platform/url.ts") },
      // monaco-editor's exports map has no entry for its style sheets (src/monaco.ts imports two).
      { find: /^monaco-editor\/esm\/(.*\.css)$/, replacement: here("../node_modules/monaco-editor/esm/$1") },
    ],
  },
  worker: { format: "es", plugins: () => [pageVersions()] },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 12_000 },
  server: { headers: isolation, fs: { allow: [here("..")] } },
  preview: { headers: isolation },
}));
