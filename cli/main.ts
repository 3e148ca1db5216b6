/**
 * The `nnc` command line: a thin shell over the compiler and the runtime. Each command lives in its own
 * file under commands/ and registers itself here.
 */
import { Command, CommanderError } from "commander";
import { packageVersion } from "./package-info.ts";

type Register = (program: Command) => void;

/**
 * Every command, in the order help lists them, each behind a dynamic import: a cold `nnc compile` should
 * not load vega (report), the language server or the worker pools of the practice commands.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  check: async () => (await import("./commands/check.ts")).register,
  fmt: async () => (await import("./commands/fmt.ts")).register,
  compile: async () => (await import("./commands/compile.ts")).registerCompile,
  train: async () => (await import("./commands/train.ts")).registerTrain,
  eval: async () => (await import("./commands/eval.ts")).registerEval,
  predict: async () => (await import("./commands/predict.ts")).registerPredict,
  lsp: async () => (await import("./commands/lsp.ts")).registerLsp,
  sweep: async () => (await import("./commands/sweep.ts")).registerSweep,
  ensemble: async () => (await import("./commands/ensemble.ts")).registerEnsemble,
  kfold: async () => (await import("./commands/kfold.ts")).registerKfold,
  bagging: async () => (await import("./commands/bagging.ts")).registerBagging,
  boost: async () => (await import("./commands/boost.ts")).registerBoost,
  doctor: async () => (await import("./commands/doctor.ts")).registerDoctor,
  "lr-find": async () => (await import("./commands/lr-find.ts")).registerLrFind,
  report: async () => (await import("./commands/report.ts")).registerReport,
};

/**
 * The program with the command named by `argv` registered, or with every command when there is none
 * (help, --version, a misspelt name that commander should suggest a correction for).
 */
export async function createProgram(argv: readonly string[]): Promise<Command> {
  const program = new Command("nnc");
  program.description("a compiler for .nn neural-network training specs").version(packageVersion());
  // Usage errors exit with 2 (help and --version with 0), so scripts can tell them from failed checks.
  program.exitOverride((err: CommanderError) => {
    const ok = err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help";
    process.exit(ok ? 0 : 2);
  });
  const name = argv[2];
  const wanted = name !== undefined && Object.hasOwn(COMMANDS, name) ? [name] : Object.keys(COMMANDS);
  const registers = await Promise.all(wanted.map((n) => COMMANDS[n]()));
  for (const register of registers) register(program);
  return program;
}

// `nnc check ... | head` closes the pipe early; that is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});

try {
  await (await createProgram(process.argv)).parseAsync(process.argv);
} catch (error) {
  // Loaded only on failure: it knows every error class of the runtime, which a clean `nnc --help` never needs.
  const { reportError } = await import("./report-error.ts");
  process.exit(reportError(error));
}
