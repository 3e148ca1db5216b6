/**
 * A Vite (and so Vitest) plugin: `import { createModel } from "./mnist.nn"` compiles the spec when it is
 * loaded, and a spec with errors fails the build with its diagnostics. Usage in vite.config.ts /
 * vitest.config.ts: `plugins: [nnc()]`.
 */
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { transformWithOxc, type Plugin } from "vite";
import { compileSource } from "../compiler/compile.ts";
import { formatDiagnostic } from "../compiler/diagnostics.ts";

export interface NncPluginOptions {
  /** Module specifier the generated code imports the runtime from (default `nnc/runtime`). */
  readonly runtimeImport?: string;
}

export function nnc(options: NncPluginOptions = {}): Plugin {
  return {
    name: "nnc",
    enforce: "pre",
    async load(id) {
      const path = id.split("?")[0];
      if (!path.endsWith(".nn")) return null;
      this.addWatchFile(path);
      const text = readFileSync(path, "utf8");
      const dir = dirname(path);
      const result = await compileSource(text, { source: path, baseDir: dir, moduleDir: dir, runtimeImport: options.runtimeImport });
      if (result.code === undefined) {
        const errors = result.diagnostics.filter((d) => d.severity === "error");
        this.error(`${path} does not compile:\n${errors.map((d) => formatDiagnostic(d, path, text)).join("\n")}`);
      }
      // The generated module is TypeScript; Vite only strips types from files it knows as .ts.
      const js = await transformWithOxc(result.code, `${path}.ts`, { lang: "ts" });
      return { code: js.code, map: js.map };
    },
  };
}
