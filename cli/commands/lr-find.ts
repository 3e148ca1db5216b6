/**
 * `nnc lr-find FILE.nn`: the learning-rate range test (see runtime/practice/lr-range.ts for the method
 * and the suggestion rule). Prints the curve as a table and the suggestion; saves lr-find.svg/.png and
 * lr-find.json in --out.
 */
import type { Command } from "commander";
import { join } from "node:path";
import { writeFileAtomic } from "../../runtime/checkpoint/atomic.ts";
import { requireDataBlock } from "../require-data.ts";
import { defaultOutDir } from "../default-out.ts";
import { parseCount } from "../options.ts";
import { UsageError } from "../errors.ts";
import { openRunFolder } from "../run-lock.ts";

// Heavy imports are loaded when the command runs, not when it is registered: `nnc --help` registers
// every command and should load none of their machinery (docs/packaging.md, cold start).

interface LrFindFlags {
  start: string;
  end: string;
  iterations: string;
  seed?: string;
  out?: string;
}

function positive(flag: string, v: string): number {
  const x = Number(v);
  if (!(x > 0) || !Number.isFinite(x)) throw new UsageError(`${flag} expects a positive number, got ${JSON.stringify(v)}`);
  return x;
}

export function registerLrFind(program: Command): void {
  program
    .command("lr-find")
    .description("LR range test: raise the learning rate exponentially, record the loss, suggest a learning rate and plot the curve")
    .argument("<file>", "the .nn spec (its optimizer, model and data; its lr schedule is replaced)")
    .option("--start <lr>", "first learning rate", "1e-7")
    .option("--end <lr>", "last learning rate", "10")
    .option("--iterations <n>", "mini-batches (one per learning rate)", "100")
    .option("--seed <n>", "override the spec's seed")
    .option("--out <dir>", "folder for lr-find.svg, lr-find.png and lr-find.json (default runs/<spec name>)")
    .action(async (file: string, flags: LrFindFlags) => {
      const { lrRangeTest } = await import("../../runtime/index.ts");
      const { lrFindPlot } = await import("../../report/plots.ts");
      const { writePlot } = await import("../../report/write.ts");
      const { formatTable, sig } = await import("../../report/table.ts");
      const { loadSpecModule } = await import("../spec-module.ts");
      const out = flags.out ?? defaultOutDir(file);
      openRunFolder(out);
      const { module, plan } = await loadSpecModule(file);
      requireDataBlock(plan, file, "lr-find");
      const seed = flags.seed !== undefined ? parseCount("--seed", flags.seed, 0) : module.SEED;
      const model = module.createModel(seed);
      if (model.update === undefined)
        throw new UsageError(
          `${file}: lr-find needs a first-order optimizer (sgd, adam, …), which steps once per mini-batch; this spec's lbfgs takes one full-batch step per epoch and chooses its step size by line search`,
        );
      const data = await module.loadData();
      const r = lrRangeTest(model, data.train, {
        start: positive("--start", flags.start),
        end: positive("--end", flags.end),
        iterations: parseCount("--iterations", flags.iterations, 2),
      });
      const every = Math.max(1, Math.ceil(r.points.length / 20));
      const shown = r.points.filter((p, i) => i % every === 0 || i === r.points.length - 1);
      process.stdout.write(
        formatTable(
          ["step", "lr", "loss", "smoothed"],
          shown.map((p) => [p.step, sig(p.lr), sig(p.loss), sig(p.smoothed)]),
        ) + "\n",
      );
      const last = r.points[r.points.length - 1];
      process.stdout.write(
        r.diverged && last
          ? `stopped at lr ${sig(last.lr)}: the smoothed loss passed 4× its minimum\n`
          : `reached lr ${sig(last?.lr)} without diverging\n`,
      );
      if (r.suggestion !== undefined)
        process.stdout.write(
          `suggested lr ${sig(r.suggestion)} (steepest descent of the smoothed loss); minimum/10 rule: ${sig(r.minOverTen)}\n`,
        );
      else process.stdout.write(`no suggestion: the loss never decreased over the range\n`);
      await writePlot(out, lrFindPlot(r.points, r.suggestion));
      writeFileAtomic(join(out, "lr-find.json"), JSON.stringify(r, null, 2) + "\n");
      process.stdout.write(`wrote ${join(out, "lr-find.svg")}, ${join(out, "lr-find.png")} and ${join(out, "lr-find.json")}\n`);
    });
}
