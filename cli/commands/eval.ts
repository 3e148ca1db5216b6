/** `nnc eval FILE.nn --checkpoint CKPT [--json]`: loss and accuracy of a checkpoint on the spec's test set. */
import type { Command } from "commander";
import { requireDataBlock } from "../require-data.ts";
import { UsageError } from "../errors.ts";

const SETS = ["test", "validation", "train"] as const;
type SetName = (typeof SETS)[number];

// Heavy imports are loaded when the command runs, not when it is registered: `nnc --help` registers
// every command and should load none of their machinery (docs/packaging.md, cold start).

export function registerEval(program: Command): void {
  program
    .command("eval")
    .description("evaluate a checkpoint on the spec's test set (or validation set when there is no test set)")
    .argument("<file>", "the .nn spec")
    .requiredOption("--checkpoint <file>", "safetensors checkpoint (e.g. runs/NAME/checkpoint.safetensors)")
    .option("--set <name>", "which set: test, validation or train (default: test, else validation)")
    .option("--json", "print JSON")
    .action(async (file: string, opts: { checkpoint: string; set?: string; json?: boolean }) => {
      if (opts.set !== undefined && !SETS.includes(opts.set as SetName))
        throw new UsageError(`--set expects test, validation or train, got ${JSON.stringify(opts.set)}`);
      const { loadSpecModule } = await import("../spec-module.ts");
      const { module, plan } = await loadSpecModule(file);
      requireDataBlock(plan, file, "eval");
      const model = module.load(opts.checkpoint);
      const data = await module.loadData();
      const sets = { test: data.test, validation: data.validation, train: data.train } as const;
      // Without --set: the test set, else the validation set (as the help says); the output names the one used.
      const name: SetName =
        (opts.set as SetName | undefined) ?? (data.test !== undefined ? "test" : data.validation !== undefined ? "validation" : "test");
      const set = sets[name];
      if (set === undefined) {
        throw new UsageError(
          opts.set === undefined
            ? `${file} declares neither a test nor a validation set; evaluate on the training set with --set train, or add \`test = ...\` or \`validation = split(train, 0.2)\` to its data block`
            : `${file} declares no ${name} set`,
        );
      }
      const r = module.evaluate(model, set);
      if (opts.json) {
        process.stdout.write(JSON.stringify({ set: name, n: r.n, loss: r.loss, accuracy: r.accuracy ?? null, ...r.topK }) + "\n");
      } else {
        if (opts.set === undefined && name !== "test") process.stderr.write(`${file} has no test set: evaluating on the ${name} set\n`);
        const acc = r.accuracy !== undefined ? ` accuracy ${r.accuracy.toFixed(4)}` : "";
        process.stdout.write(`${name}: loss ${r.loss.toFixed(4)}${acc} (${r.n} samples)\n`);
      }
    });
}
