/**
 * The model's own state: the definition, the flat parameter, gradient and statistics buffers, the seeded
 * generator, the step and epoch counters; the constructor that lays them out in one arena (or, for a
 * data-parallel replica, in the block runtime/parallel reserved for it); initialisation; replication.
 */
import { alignToArena } from "../../../runtime/contract.ts";
import { pathContextOf } from "../options.ts";
import { emitInit } from "../emit-init.ts";
import { commentText } from "../literals.ts";
import type { BufferField } from "../emit-layers.ts";
import { PRIVATE, type ModuleBuilder, type ModuleContext } from "./builder.ts";

/** Properties and the first constructor lines: params, grads and stats. `floats` and `ints` size the whole arena. */
export function addModelState(
  b: ModuleBuilder,
  { plan, layout, steps, options, savesInput }: ModuleContext,
  floats: number,
  ints: number,
): void {
  b.imports.use("Arena", "ArenaRegion", "Rng");
  b.imports.useType("ReplicaPlacement", "FloatArray", "CompiledModel");
  b.properties.push(
    { name: "definition", isReadonly: true, initializer: "DEFINITION" },
    { name: "params", isReadonly: true, type: "FloatArray", docs: ["All trainable tensors, flat, in state_dict order (see TENSORS)."] },
    { name: "grads", isReadonly: true, type: "FloatArray", docs: ["Gradients, same layout as params."] },
    { name: "stats", isReadonly: true, type: "FloatArray", docs: ["Batch-norm running statistics."] },
    {
      name: "batchesTracked",
      isReadonly: true,
      type: "number[]",
      initializer: JSON.stringify(layout.batchNorms.map(() => 0)),
      docs: ["num_batches_tracked of each batch-norm layer."],
    },
    { name: "rng", isReadonly: true, type: "Rng" },
    { name: "step", initializer: "0", docs: ["Optimizer steps taken."] },
    { name: "epoch", initializer: "0", docs: ["Epochs completed."] },
    ...(savesInput
      ? [
          {
            name: "input",
            scope: PRIVATE,
            type: "FloatArray",
            docs: ["The batch given to the last forward pass, kept for the first layer's weight gradient."],
          },
        ]
      : []),
    {
      name: "replication",
      isReadonly: true,
      initializer: "{ moduleUrl: import.meta.url, bytes: REPLICA_BYTES }",
      docs: [
        "What runtime/parallel needs to build replicas of this model in worker threads: where this module is, and the bytes one lays out.",
      ],
    },
  );
  // A replica allocates exactly what replicaBytes counts, in the same order, from the block it is given.
  b.constructorLines.push(
    `const arena = replica ? new ArenaRegion(replica.memory, replica.at, REPLICA_BYTES) : new Arena(Arena.bytesFor(PRECISION, ${floats}, ${ints}));`,
    `this.params = replica ? arena.floatsAt(PRECISION, replica.params, ${layout.paramCount}) : arena.floats(PRECISION, ${layout.paramCount});`,
    `this.grads = arena.floats(PRECISION, ${layout.paramCount});`,
    `this.stats = replica ? arena.floatsAt(PRECISION, replica.stats, ${layout.statsCount}) : arena.floats(PRECISION, ${layout.statsCount});`,
  );

  const init = emitInit(plan, layout, steps, pathContextOf(options));
  b.imports.use(...init.imports);
  b.methods.push({
    name: "initialize",
    private: true,
    returnType: "void",
    locals: [["rng", `const rng = this.rng;`]],
    body: [init.body, init.stateDictPath !== undefined ? `loadStateDictInto(this, ${init.stateDictPath});` : ""].join("\n"),
  });
  b.methods.push({
    name: "replicate",
    docs: ["A data-parallel replica of this model at `placement` (see the constructor)."],
    parameters: [{ name: "placement", type: "ReplicaPlacement" }],
    returnType: "Model",
    body: "return new Model(SEED, placement);",
  });
  b.methods.push({ name: "zeroGradients", returnType: "void", body: "this.grads.fill(0);" });
}

/** The per-layer activation and scratch buffers, after every other allocation; then the generator. */
export function addBuffers(b: ModuleBuilder, fields: readonly BufferField[], savesInput: boolean): void {
  for (const f of fields)
    b.properties.push({
      name: f.name,
      isReadonly: true,
      scope: PRIVATE,
      type: f.kind === "ints" ? "Int32Array" : "FloatArray",
      docs: [f.doc],
    });
  b.constructorLines.push(
    ...fields.map((f) =>
      f.sharesWith !== undefined
        ? `this.${f.name} = this.${f.sharesWith}.subarray(0, ${f.size});`
        : `this.${f.name} = arena.${f.kind}(${f.kind === "floats" ? "PRECISION, " : ""}${f.size});`,
    ),
    ...(savesInput ? [`this.input = this.gradA;`] : []),
    `this.rng = new Rng(seed);`,
  );
}

/** `REPLICA_BYTES`: the replica's own allocations, each rounded up to the runtime Arena's alignment (runtime/contract.ts). */
export function replicaBytesConstant(precision: "f32" | "f64", paramCount: number, fields: readonly BufferField[]): string {
  const align = alignToArena;
  const perFloat = precision === "f32" ? 4 : 8;
  const bytes =
    align(paramCount * perFloat) +
    fields.reduce((a, f) => a + (f.sharesWith !== undefined ? 0 : align(f.size * (f.kind === "floats" ? perFloat : 4))), 0);
  return `\n/** Bytes of shared memory one data-parallel replica lays out for its own gradients and buffers (see the constructor). */\nexport const REPLICA_BYTES = ${bytes};`;
}

/** The constructor's documentation: the two ways a model comes to be. */
export const constructorDocs = [
  "A new model initialised from `seed`; or, with `replica`, a data-parallel replica of one (runtime/parallel):\n" +
    "it reads the primary's params and stats in their shared memory, lays out its own gradients and buffers\n" +
    "in the block reserved for it (the same bytes in every thread), and views the primary's optimizer state.",
];

export function classDocs(sourceName: string): string[] {
  return [`The model of ${commentText(sourceName)} with all of its buffers; one instance owns them all.`];
}
