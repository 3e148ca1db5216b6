/** `nnc eval FILE.nn --checkpoint CKPT [--json]`: loss and accuracy of a checkpoint on the spec's test set. */
import type { Command } from "commander";
import { requireDataBlock } from "../require-data.ts";
import { UsageError } from "../errors.ts";

// Heavy imports are loaded when the command runs, not when it is registered: `nnc --help` registers
// every command and should load none of their machinery (docs/packaging.md, cold start).

export function registerEval(program: Command): void {
  program
    .command("eval")
    .description("evaluate a checkpoint on the spec's test set (or validation set when there is no test set)")
    .argument("<file>", "the .nn spec")
    .requiredOption("--checkpoint <file>", "safetensors checkpoint (e.g. runs/NAME/checkpoint.safetensors)")
    .option("--set <name>", "which set: test, validation or train", "test")
    .option("--json", "print JSON")
    .action(async (file: string, opts: { checkpoint: string; set: string; json?: boolean }) => {
      const { loadSpecModule } = await import("../spec-module.ts");
      const { module, plan } = await loadSpecModule(file);
      requireDataBlock(plan, file, "eval");
      const model = module.load(opts.checkpoint);
      const data = module.loadData();
      const sets = { test: data.test, validation: data.validation, train: data.train } as const;
      if (!(opts.set in sets)) throw new UsageError(`--set expects test, validation or train, got ${JSON.stringify(opts.set)}`);
      const set = sets[opts.set as keyof typeof sets];
      if (set === undefined) throw new UsageError(`${file} declares no ${opts.set} set`);
      const r = module.evaluate(model, set);
      if (opts.json) {
        process.stdout.write(JSON.stringify({ set: opts.set, n: r.n, loss: r.loss, accuracy: r.accuracy ?? null, ...r.topK }) + "\n");
      } else {
        const acc = r.accuracy !== undefined ? ` accuracy ${r.accuracy.toFixed(4)}` : "";
        process.stdout.write(`${opts.set}: loss ${r.loss.toFixed(4)}${acc} (${r.n} samples)\n`);
      }
    });
}
