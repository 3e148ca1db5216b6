/** How a module is generated, beyond the plan: where the runtime and the files are, and instrumentation. */
import type { PathContext } from "./paths.ts";

export interface CodegenOptions {
  /** Module specifier of the runtime in the generated import. */
  readonly runtimeImport: string;
  /** How the header names the source (normally the path as the user gave it). */
  readonly sourceName: string;
  /** Folder of the spec and folder the module will be written to; with both, paths inside the spec's folder are emitted relative to the module. */
  readonly specDir?: string;
  readonly moduleDir?: string;
  /** Times every layer's forward and backward pass into `model.profile` (runtime/train/profile.ts); off in modules people keep. */
  readonly profile?: boolean;
  /** Every file path relative to the module (see CompileOptions.relativePaths). */
  readonly relativePaths?: boolean;
  /** The URL relative file paths resolve against (see CompileOptions.dataBaseUrl). */
  readonly dataBaseUrl?: string;
}

export const defaultCodegenOptions: CodegenOptions = { runtimeImport: "nnc/runtime", sourceName: "spec.nn" };

/** How file paths of the spec become expressions in the module (paths.ts). */
export function pathContextOf(options: CodegenOptions): PathContext {
  return {
    specDir: options.specDir,
    moduleDir: options.moduleDir,
    allRelative: options.relativePaths === true,
    baseUrl: options.dataBaseUrl,
  };
}
