/**
 * The compiler fuzzer: `npm run fuzz -- --runs N [--seed S] [--no-compile] [--scaling]`; with `--lsp`, the
 * language-server fuzzer instead (`--runs` hostile actions against one real server over stdio, see
 * test/reliability/fuzz/lsp.ts).
 * Feeds mutants of the example specs and random text through check, fmt and compile and stops at the first
 * violated property (fast-check then shrinks it and prints the seed to replay). `--scaling` also times
 * `check` on 1-10 MB specs to show the cost grows linearly with size. `--data` fuzzes the data loaders
 * instead, with hostile IDX and CSV files (test/reliability/fuzz/hostile-data.ts).
 */
import { createHash } from "node:crypto";
import fc from "fast-check";
import { Command } from "commander";
import { formatSource } from "../grammar/index.ts";
import { exampleSpecs, examplesDir, fuzzInputArb } from "../test/reliability/fuzz/mutate.ts";
import { fuzzOne } from "../test/reliability/fuzz/properties.ts";
import { scalingInputs, timeCheck } from "../test/reliability/fuzz/scaling.ts";
import { actionArb, playLsp } from "../test/reliability/fuzz/lsp.ts";
import { runDataCampaign } from "../test/reliability/fuzz/hostile-data.ts";

const program = new Command()
  .name("fuzz")
  .option("--runs <n>", "number of inputs", "10000")
  .option("--seed <n>", "fast-check seed (default: random, printed)")
  .option("--no-compile", "skip code generation for specs that check clean")
  .option("--scaling", "also time check on 1, 2, 5 and 10 MB specs")
  .option("--lsp", "fuzz the language server over stdio instead of the compiler")
  .option("--data", "fuzz the data loaders with hostile IDX and CSV files instead of the compiler")
  .parse(process.argv);
const opts = program.opts<{ runs: string; seed?: string; compile: boolean; scaling?: boolean; lsp?: boolean; data?: boolean }>();
const runs = Number(opts.runs);
const seed = opts.seed !== undefined ? Number(opts.seed) : Math.floor(Math.random() * 2 ** 31);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  console.error("fuzz: --runs and --seed must be integers");
  process.exit(2);
}
if (opts.data) process.exit(runDataCampaign(runs, seed));

const examples = exampleSpecs();

if (opts.lsp) {
  console.log(`fuzz --lsp: ${runs} actions against one server, seed ${seed}`);
  const started = performance.now();
  // Generated in slices (a storm holds a spec and up to 400 edits), each slice seeded from the run's seed.
  const actions = [];
  for (let from = 0; from < runs; from += 100)
    actions.push(...fc.sample(actionArb(examples), { numRuns: Math.min(100, runs - from), seed: seed + from }));
  try {
    const s = await playLsp(actions, (done, st) => {
      if (done % 100 === 0)
        process.stderr.write(
          `${done} actions, ${st.messages} messages, ${st.edits} edits, ${st.garbageFrames} garbage frames, ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
        );
    });
    console.log(
      `fuzz --lsp: ${s.actions} actions (${s.messages} JSON-RPC messages of which ${s.edits} edits, ${s.garbageFrames} garbage frames, ${(s.bytes / 1e6).toFixed(1)} MB) ` +
        `in ${((performance.now() - started) / 1000).toFixed(0)} s: every probe answered, ${s.dropsLogged} drops logged, exit 0 after shutdown; 0 failures`,
    );
    process.exit(0);
  } catch (e) {
    console.error(`fuzz --lsp: FAILED with seed ${seed}: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}

const stats = { inputs: 0, parsed: 0, clean: 0, compiled: 0, bytes: 0, largest: 0 };
// Mutants that format to the same text are the same program: compile each distinct program once.
const compiledPrograms = new Set<string>();
const started = performance.now();

const property = fc.asyncProperty(fuzzInputArb(examples), async (input) => {
  const key = createHash("sha1")
    .update(formatSource(input.text).output ?? input.text)
    .digest("hex");
  const compile = opts.compile && !compiledPrograms.has(key);
  const outcome = await fuzzOne(input.text, examplesDir, { compile });
  if (outcome.compiled) compiledPrograms.add(key);
  stats.inputs++;
  stats.bytes += input.text.length;
  stats.largest = Math.max(stats.largest, input.text.length);
  if (outcome.parsed) stats.parsed++;
  if (outcome.clean) stats.clean++;
  if (outcome.compiled) stats.compiled++;
  if (stats.inputs % 1000 === 0) {
    process.stderr.write(
      `${stats.inputs} inputs, ${stats.parsed} parsed, ${stats.clean} clean, ${stats.compiled} compiled, ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
    );
  }
  if (outcome.failures.length > 0) throw new Error(`${input.origin}\n  ${outcome.failures.join("\n  ")}`);
});

console.log(`fuzz: ${runs} inputs from ${examples.length} example specs, seed ${seed}${opts.compile ? "" : ", no compile"}`);
const result = await fc.check(property, { numRuns: runs, seed, endOnFailure: false });
const seconds = (performance.now() - started) / 1000;
console.log(
  `fuzz: ${stats.inputs} inputs (${(stats.bytes / 1e6).toFixed(1)} MB, largest ${stats.largest} chars) in ${seconds.toFixed(0)} s: ` +
    `${stats.parsed} parsed, ${stats.clean} checked clean, ${stats.compiled} distinct clean specs compiled; ` +
    `${result.failed ? 1 : 0} failures`,
);
if (opts.scaling) {
  for (const input of scalingInputs()) {
    const ms = timeCheck(input.text);
    console.log(
      `scaling: ${input.name}, ${(input.text.length / 1e6).toFixed(1)} MB: check ${ms.toFixed(0)} ms (${(ms / (input.text.length / 1e6)).toFixed(0)} ms/MB)`,
    );
  }
}
if (result.failed) {
  console.error(fc.defaultReportMessage(result));
  console.error(String(result.errorInstance));
  process.exit(1);
}
