/**
 * Compiles the page's spec for the generated-code panel and for training: the same compile as
 * `nnc compile` (checker, code generator, prettier), then TypeScript → JavaScript for the training worker.
 * Data paths in the module resolve against DATA_BASE, which the training worker serves from memory.
 */
import { compile } from "../../compiler/index.ts";
import { transpileToJavaScript } from "../../compiler/codegen/toolchain.ts";
import { DATA_BASE } from "./data-base.ts";
import { setFiles } from "./platform/files.ts";
import { PLAYGROUND_DIR, SPEC_PATH } from "./platform/virtual-dir.ts";
import type { CompileReply, CompileRequest } from "./protocol.ts";

export type CompileWorkerMessage =
  ({ readonly kind: "compile" } & CompileRequest) | { readonly kind: "files"; readonly files: Readonly<Record<string, Uint8Array>> };

const RUNTIME_IMPORT = 'from "nnc/runtime";';

const reply = (m: CompileReply): void => (self as unknown as Worker).postMessage(m);

self.onmessage = async (e: MessageEvent<CompileWorkerMessage>) => {
  const message = e.data;
  if (message.kind === "files") {
    setFiles(message.files);
    return;
  }
  try {
    const result = await compile(message.spec, {
      source: "spec.nn",
      baseDir: PLAYGROUND_DIR,
      moduleDir: PLAYGROUND_DIR,
      relativePaths: true,
      dataBaseUrl: DATA_BASE,
    });
    if (result.code === undefined || result.plan === undefined) {
      reply({ id: message.id, kind: "errors", count: result.diagnostics.filter((d) => d.severity === "error").length });
      return;
    }
    // The panel and the export show the module as `nnc compile` writes it (importing `nnc/runtime`); the
    // training worker's copy imports the runtime by the page's URL for it. The import line is the code
    // generator's own, never text from the spec.
    const javascript = transpileToJavaScript(result.code).replace(RUNTIME_IMPORT, `from ${JSON.stringify(message.runtimeUrl)};`);
    if (!javascript.includes(message.runtimeUrl))
      throw new Error("the generated module has no runtime import to point at the page's runtime");
    reply({ id: message.id, kind: "compiled", typescript: result.code, javascript, twoD: result.plan.inputSize === 2 });
  } catch (err) {
    reply({
      id: message.id,
      kind: "failed",
      message: `${SPEC_PATH}: the compiler failed: ${err instanceof Error ? err.message : String(err)}`,
    });
  }
};
