/**
 * A TypeScript program that imports a `.nn` spec directly:
 *   node --import nnc/register examples/ts-import/train.ts [STEPS]     (in a project with nnc installed)
 *   node --conditions=nnc-source --import nnc/register examples/ts-import/train.ts [STEPS]   (in this repository)
 * The loader hook compiles xor.nn on the fly; the committed xor.nn.ts beside it (from `nnc compile`, or the
 * editor's generate-on-save) gives the editor and `tsc` the types of the import.
 */
import { DEFINITION, PARAMETER_COUNT, train } from "./xor.nn";

const steps = Number(process.argv[2] ?? 50);
const result = await train({ steps });
const last = result.epochs[result.epochs.length - 1];
console.log(
  `${DEFINITION.source}: ${PARAMETER_COUNT} parameters, ${result.steps} steps, train loss ${last.train_loss?.toFixed(4) ?? "none (no batch trained)"}`,
);
console.log(JSON.stringify({ steps: result.steps, firstLoss: result.epochs[0].train_loss, lastLoss: last.train_loss }));
