/** `nnc predict FILE.nn --checkpoint CKPT --input ROWS.csv`: scores and predicted class for every row of a CSV of features. */
import type { Command } from "commander";
import { writeOutputFile } from "../output-path.ts";
import { requireDataBlock } from "../require-data.ts";
import { UsageError } from "../errors.ts";

// Heavy imports are loaded when the command runs, not when it is registered: `nnc --help` registers
// every command and should load none of their machinery (docs/packaging.md, cold start).

interface PredictFlags {
  checkpoint: string;
  input: string;
  output?: string;
  header?: boolean;
  json?: boolean;
}

export function registerPredict(program: Command): void {
  program
    .command("predict")
    .description("predict every row of a CSV of features (columns = the model's inputs, no label column)")
    .argument("<file>", "the .nn spec")
    .requiredOption("--checkpoint <file>", "safetensors checkpoint written by nnc train")
    .requiredOption("--input <csv>", "CSV file, one sample per row")
    .option("--header", "the CSV's first line is a header")
    .option("--output <file>", "write predictions here instead of standard output")
    .option(
      "--json",
      "JSON instead of CSV: {task, rows: [{prediction, scores}]} (classification) or {task, rows: [{outputs}]} (regression)",
    )
    .action(async (file: string, flags: PredictFlags) => {
      const { loadCsv, applyPreprocessing, fittedFromJson, readSafetensors, predictAll } = await import("../../runtime/index.ts");
      const { loadSpecModule } = await import("../spec-module.ts");
      const { module, plan } = await loadSpecModule(file);
      const model = module.load(flags.checkpoint);
      const { metadata } = readSafetensors(flags.checkpoint);
      const raw = loadCsv(flags.input, { header: flags.header === true });
      // Preprocessing must use the training set's statistics: read them from the checkpoint when it has them, else refit on the spec's training data.
      if (metadata.preprocessing === undefined) requireDataBlock(plan, file, "predict");
      const fitted =
        metadata.preprocessing !== undefined
          ? fittedFromJson(metadata.preprocessing, flags.checkpoint)
          : (await module.loadData()).preprocessing;
      // Rows are as wide as the training data was before preprocessing (pca_whiten may narrow them to the model's input).
      const width = fitted.inputShape.reduce((a, b) => a * b, 1);
      if (raw.features !== width) {
        const model = width === module.INPUT_SIZE ? "" : ` (${module.INPUT_SIZE} after preprocessing)`;
        throw new UsageError(`${flags.input}: rows have ${raw.features} columns but the model expects ${width} features${model}`);
      }
      const data = applyPreprocessing(fitted, raw);
      const scores = predictAll(model, data);
      const C = module.OUTPUT_SIZE;
      const classification = model.definition.task === "classification";
      const rows = Array.from({ length: data.n }, (_, i) => Array.from(scores.subarray(i * C, (i + 1) * C)));
      // The first of equal highest scores, as the CSV has always chosen.
      const argmax = (row: number[]) => row.reduce((best, v, c) => (v > row[best] ? c : best), 0);
      let text: string;
      if (flags.json) {
        const body = classification ? rows.map((row) => ({ prediction: argmax(row), scores: row })) : rows.map((row) => ({ outputs: row }));
        text = JSON.stringify({ task: model.definition.task, input: flags.input, checkpoint: flags.checkpoint, rows: body }) + "\n";
      } else {
        const head = classification
          ? ["prediction", ...Array.from({ length: C }, (_, c) => `score_${c}`)]
          : Array.from({ length: C }, (_, c) => `output_${c}`);
        const lines = rows.map((row) =>
          (classification ? [argmax(row), ...row.map((v) => v.toPrecision(7))] : row.map((v) => v.toPrecision(7))).join(","),
        );
        text = [head.join(","), ...lines].join("\n") + "\n";
      }
      if (flags.output) writeOutputFile(flags.output, text, "--output");
      else process.stdout.write(text);
    });
}
