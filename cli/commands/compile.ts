/**
 * `nnc compile FILE.nn [-o OUT.ts]`: writes the generated TypeScript module. Written to its default place
 * (FILE.nn.ts beside the spec), it also writes the FILE.d.nn.ts shim, as the editor's generate-on-save does,
 * so `import ... from "./FILE.nn"` type-checks.
 */
import type { Command } from "commander";
import { dirname, resolve } from "node:path";
import { writeOutputFile } from "../output-path.ts";
import type { StageName } from "../../compiler/passes/index.ts";

/** `--dump-ir[=PASS]`: the IR after each lowering pass, on standard output (docs/architecture.md, "The IR and its passes"). */
async function dumpIr(file: string, until: string | true): Promise<void> {
  const { dumpIr, lowerStages, stageNames } = await import("../../compiler/passes/index.ts");
  const { UsageError } = await import("../errors.ts");
  if (until !== true && !stageNames.includes(until))
    throw new UsageError(`--dump-ir: unknown pass \`${until}\` (one of ${stageNames.join(", ")})`);
  const { compileSpecFile } = await import("../spec-module.ts");
  const { plan } = await compileSpecFile(file, "nnc/runtime");
  process.stdout.write(dumpIr(lowerStages(plan), until === true ? undefined : (until as StageName)));
}

// Heavy imports are loaded when the command runs, not when it is registered: `nnc --help` registers
// every command and should load none of their machinery (docs/packaging.md, cold start).

export function registerCompile(program: Command): void {
  program
    .command("compile")
    .description("generate the specialised TypeScript training module for a spec (or, with --target pytorch, a PyTorch training script)")
    // Optional only so `--dump-ir SPEC.nn` works: an option with an optional value takes the next word (see the action).
    .argument("[file]", "the .nn spec")
    .option(
      "-o, --out <file>",
      "output file, or - for standard output (default: FILE.ts beside the spec, e.g. model.nn.ts; with --target pytorch, model.py)",
    )
    .option("--runtime <specifier>", "module specifier the generated code imports the runtime from", "nnc/runtime")
    .option(
      "--target <target>",
      "ts (a TypeScript module on nnc's runtime) or pytorch (a standalone train.py needing torch and numpy; docs/pytorch.md)",
      "ts",
    )
    .option(
      "--dump-ir [pass]",
      "print the lowering IR after each pass (plan, layout, kernel-steps, buffers), or only up to PASS, instead of writing the module",
    )
    .action(async (given: string | undefined, opts: { out?: string; runtime: string; target: string; dumpIr?: string | true }) => {
      // `--dump-ir SPEC.nn` reads as --dump-ir=SPEC.nn with no file: the word is the spec.
      const spec = given ?? (typeof opts.dumpIr === "string" ? opts.dumpIr : undefined);
      if (spec === undefined) throw new (await import("../errors.ts")).UsageError("compile: missing the spec file (nnc compile FILE.nn)");
      if (opts.dumpIr !== undefined) return dumpIr(spec, given === undefined ? true : opts.dumpIr);
      const file = spec;
      const { compilePyTorchFile, parseTarget } = await import("../pytorch.ts");
      if (parseTarget(opts.target) === "pytorch") {
        const out = opts.out ?? file.replace(/\.nn$/, "") + ".py";
        const code = await compilePyTorchFile(file, out === "-" ? process.cwd() : dirname(resolve(out)));
        if (out === "-") process.stdout.write(code);
        else {
          writeOutputFile(out, code, opts.out === undefined ? "compile" : "--out");
          process.stderr.write(`wrote ${out}\n`);
        }
        return;
      }
      const { writeModuleBesideSpec } = await import("../generated-files.ts");
      const { compileSpecFile } = await import("../spec-module.ts");
      const out = opts.out ?? `${file}.ts`;
      const { code } = await compileSpecFile(file, opts.runtime, out === "-" ? undefined : dirname(out));
      if (out === "-") process.stdout.write(code);
      else {
        // Beside a .nn spec, with the FILE.d.nn.ts shim, as the editor's generate-on-save writes it.
        if (opts.out === undefined && file.endsWith(".nn")) writeModuleBesideSpec(file, code, "compile");
        else writeOutputFile(out, code, opts.out === undefined ? "compile" : "--out");
        process.stderr.write(`wrote ${out}\n`);
      }
    });
}
