/** `nnc fmt FILE... [--check]`: rewrite specs in canonical form (atomically), or list those that would change. */
import type { Command } from "commander";
import { escapeMessage } from "../../runtime/text/escape.ts";

// Heavy imports are loaded when the command runs, not when it is registered: `nnc --help` registers
// every command and should load none of their machinery (docs/packaging.md, cold start).

export function register(program: Command): void {
  program
    .command("fmt")
    .description("format .nn files in place")
    .argument("<files...>", "spec files")
    .option("--check", "only list the files that would change; exit 1 if any")
    .action(async (files: string[], opts: { check?: boolean }) => {
      const { formatDiagnostic } = await import("../../compiler/index.ts");
      const { formatSource } = await import("../../grammar/index.ts");
      const { readSpec } = await import("../read-spec.ts");
      // Written as every file nnc writes: to a temporary file, fsynced, renamed over the spec — never half a spec.
      const { writeFileAtomic } = await import("../../runtime/checkpoint/atomic.ts");
      let changed = 0;
      let broken = 0;
      for (const f of files) {
        // A file that cannot be read ends the command (UnreadableFileError: one line, exit 2).
        const source = readSpec(f);
        const { output: formatted, diagnostics } = formatSource(source);
        if (formatted === undefined) {
          // A file with syntax errors is left untouched: formatting it could lose text.
          for (const d of diagnostics) console.error(formatDiagnostic(d, f, source));
          broken++;
          continue;
        }
        if (formatted === source) continue;
        changed++;
        if (opts.check === true) console.log(`would reformat ${escapeMessage(f)}`);
        else {
          writeFileAtomic(f, formatted);
          console.log(`formatted ${escapeMessage(f)}`);
        }
      }
      process.exitCode = broken > 0 || (opts.check === true && changed > 0) ? 1 : 0;
    });
}
