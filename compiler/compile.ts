/**
 * The compiler's front door, second half: analyze() and then, for a spec without errors, the generated
 * code as text — a TypeScript module on nnc's runtime, or (`target: "pytorch"`) a standalone PyTorch
 * training script. The compiler writes no file: the CLI, the editor and the loader hook decide where the
 * text goes (cli/generated-files.ts).
 */
import type { Plan } from "./ir.ts";
import { analyze, type Analysis, type AnalyzeOptions } from "./analyze.ts";
import { projectRoot } from "./project-root.ts";

export interface CompileOptions extends AnalyzeOptions {
  /** What to generate: `typescript` (the default) or `pytorch` (docs/pytorch.md). */
  readonly target?: "typescript" | "pytorch";
  /** Module specifier the generated code imports the runtime from (default `nnc/runtime`). */
  readonly runtimeImport?: string;
  /**
   * Folder the generated module (or script) will be written to: paths inside the spec's project become
   * relative to it.
   */
  readonly moduleDir?: string;
  /**
   * Every data and weights file, not only those inside the spec's project, is named relative to the
   * module (`new URL("…", import.meta.url)`), so a bundler ships it as an asset and no absolute path of
   * this machine ends up in the bundle (the Vite plugin sets this).
   */
  readonly relativePaths?: boolean;
  /**
   * With relative paths: resolve them against this absolute URL rather than the module's own URL, for a
   * module whose URL is not a folder's (the playground imports generated modules from blob: URLs and serves
   * their data files under this URL from memory).
   */
  readonly dataBaseUrl?: string;
  /** Overrides the spec's precision (gradient checks compile in f64). */
  readonly precision?: "f32" | "f64";
  /** Times each layer's passes into `model.profile` (`nnc train --profile`). */
  readonly profile?: boolean;
}

export interface CompileResult extends Analysis {
  /** The generated module; undefined when the spec has errors. */
  readonly code: string | undefined;
}

export async function compile(text: string, options: CompileOptions): Promise<CompileResult> {
  if (options.target === "pytorch") {
    const { compilePyTorch } = await import("./pytorch/index.ts");
    return compilePyTorch(text, { source: options.source, baseDir: options.baseDir, scriptDir: options.moduleDir });
  }
  const analysis = analyze(text, options);
  if (analysis.plan === undefined || analysis.hasErrors) return { ...analysis, code: undefined };
  const plan: Plan =
    options.precision === undefined
      ? analysis.plan
      : { ...analysis.plan, training: { ...analysis.plan.training, precision: options.precision } };
  // Loaded on first use: `nnc check` and the language server's checks never need the code generator.
  const { generateModule } = await import("./codegen/emit-module.ts");
  const code = await generateModule(plan, {
    runtimeImport: options.runtimeImport ?? "nnc/runtime",
    sourceName: options.source,
    specDir: projectRoot(options.baseDir),
    moduleDir: options.moduleDir,
    profile: options.profile,
    relativePaths: options.relativePaths,
    dataBaseUrl: options.dataBaseUrl,
  });
  return { ...analysis, plan, code };
}
