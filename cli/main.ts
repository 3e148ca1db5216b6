/**
 * The `nnc` command line: a thin shell over the compiler and the runtime. Each command lives in its own
 * file under commands/ and registers itself here.
 */
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { register as registerCheck } from "./commands/check.ts";
import { register as registerFmt } from "./commands/fmt.ts";
import { registerCompile } from "./commands/compile.ts";
import { registerTrain } from "./commands/train.ts";
import { registerEval } from "./commands/eval.ts";
import { registerPredict } from "./commands/predict.ts";
import { registerLsp } from "./commands/lsp.ts";
import { registerSweep } from "./commands/sweep.ts";
import { registerEnsemble } from "./commands/ensemble.ts";
import { registerKfold } from "./commands/kfold.ts";
import { registerBagging } from "./commands/bagging.ts";
import { registerDoctor } from "./commands/doctor.ts";
import { registerLrFind } from "./commands/lr-find.ts";
import { registerReport } from "./commands/report.ts";
import { reportError } from "./report-error.ts";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

export function createProgram(): Command {
  const program = new Command("nnc");
  program.description("a compiler for .nn neural-network training specs").version(pkg.version);
  // Usage errors exit with 2 (help and --version with 0), so scripts can tell them from failed checks.
  program.exitOverride((err: CommanderError) => {
    const ok = err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help";
    process.exit(ok ? 0 : 2);
  });
  registerCheck(program);
  registerFmt(program);
  registerCompile(program);
  registerTrain(program);
  registerEval(program);
  registerPredict(program);
  registerLsp(program);
  registerSweep(program);
  registerEnsemble(program);
  registerKfold(program);
  registerBagging(program);
  registerDoctor(program);
  registerLrFind(program);
  registerReport(program);
  return program;
}

// `nnc check ... | head` closes the pipe early; that is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});

try {
  await createProgram().parseAsync(process.argv);
} catch (error) {
  process.exit(reportError(error));
}
