/**
 * The lowering IR's invariants, checked after every pass (./index.ts). A violation is a compiler bug,
 * not a user error — the checker has already accepted the spec — so lower() throws with every problem
 * listed; each names the layer, tensor or buffer and the numbers that disagree.
 *
 *   plan           shapes chain: each layer takes the features the one before gives, the last gives the output
 *   layout         every tensor belongs to one layer, has its shape's size, and the tensors of a buffer tile it
 *                  without overlap; update groups are disjoint ranges of params covering trainable tensors only
 *   kernel-steps   the steps cover the layers in order, each reading the buffer the one before wrote
 *   buffers        allocations are uniquely named, aligned, disjoint, owned, and hold every step's output
 */
import { ARENA_ALIGN } from "../../runtime/contract.ts";
import type { Stage } from "./ir.ts";

/** The problems of a stage (and of the stages it contains); empty when it is sound. */
export function verify(ir: Stage): string[] {
  const problems = verifyPlan(ir);
  if (ir.stage !== "plan") problems.push(...verifyLayout(ir));
  if (ir.stage === "kernel-steps" || ir.stage === "buffers") problems.push(...verifySteps(ir));
  if (ir.stage === "buffers") problems.push(...verifyBuffers(ir));
  return problems;
}

const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function verifyPlan({ plan }: Stage): string[] {
  const out: string[] = [];
  if (plan.layers.length === 0) out.push("the model has no layers");
  if (product(plan.inputShape) !== plan.inputSize)
    out.push(`input shape [${plan.inputShape.join(", ")}] holds ${product(plan.inputShape)} features, not inputSize ${plan.inputSize}`);
  let features = plan.inputSize;
  let from = "the input";
  for (const layer of plan.layers) {
    if (layer.inputSize !== features) out.push(`layer ${layer.name} takes ${layer.inputSize} features but ${from} gives ${features}`);
    if (product(layer.outputShape) !== layer.outputSize)
      out.push(
        `layer ${layer.name}: output shape [${layer.outputShape.join(", ")}] holds ${product(layer.outputShape)}, not ${layer.outputSize}`,
      );
    features = layer.outputSize;
    from = `layer ${layer.name}`;
  }
  if (plan.layers.length > 0 && features !== plan.outputSize)
    out.push(`${from} gives ${features} features but the model's output is ${plan.outputSize}`);
  return out;
}

function verifyLayout(ir: Exclude<Stage, { stage: "plan" }>): string[] {
  const { plan, layout } = ir;
  const out: string[] = [];
  const layers = new Set(plan.layers.map((l) => l.name));
  const seen = new Set<string>();
  for (const t of layout.tensors) {
    if (seen.has(t.name)) out.push(`tensor ${t.name} is laid out twice`);
    seen.add(t.name);
    if (!layers.has(t.layer) || !t.name.startsWith(`${t.layer}.`))
      out.push(`tensor ${t.name} is not owned by a layer of the model (says ${t.layer})`);
    if (product(t.shape) !== t.size) out.push(`tensor ${t.name} [${t.shape.join(", ")}] has size ${t.size}, not ${product(t.shape)}`);
  }
  for (const [buffer, count] of [
    ["params", layout.paramCount],
    ["stats", layout.statsCount],
  ] as const) {
    // Tensors of one buffer, by offset, must tile [0, count): each starts where the one before ends.
    let end = 0;
    let last = "the start";
    for (const t of layout.tensors.filter((x) => x.buffer === buffer).sort((a, b) => a.offset - b.offset)) {
      if (t.offset < end) out.push(`tensors ${last} and ${t.name} overlap in ${buffer} (${t.name} starts at ${t.offset}, before ${end})`);
      else if (t.offset > end) out.push(`${buffer}[${end}, ${t.offset}) belongs to no tensor (between ${last} and ${t.name})`);
      end = Math.max(end, t.offset + t.size);
      last = t.name;
    }
    if (end !== count) out.push(`the ${buffer} tensors end at ${end} but ${buffer} holds ${count}`);
  }
  const trainable = new Set(layout.trainable);
  let groupEnd = 0;
  for (const g of layout.groups) {
    const range = `update group [${g.start}, ${g.end})`;
    if (g.start < groupEnd || g.end <= g.start || g.end > layout.paramCount)
      out.push(`${range} is not a fresh range of params [${groupEnd}, ${layout.paramCount})`);
    groupEnd = Math.max(groupEnd, g.end);
    for (const name of g.tensors) {
      const t = layout.slots.get(name);
      if (t === undefined || t.buffer !== "params") out.push(`${range} updates ${name}, which is not a parameter tensor`);
      else if (t.offset < g.start || t.offset + t.size > g.end)
        out.push(`${range} lists ${name} at [${t.offset}, ${t.offset + t.size}), outside it`);
      else if (!trainable.has(name)) out.push(`${range} updates ${name}, which is frozen`);
    }
  }
  return out;
}

function verifySteps(ir: Extract<Stage, { stage: "kernel-steps" | "buffers" }>): string[] {
  const { plan, steps } = ir;
  const out: string[] = [];
  let input = "x";
  let features = plan.inputSize;
  let layer = 0;
  for (const s of steps) {
    if (s.input !== input) out.push(`step ${s.index} (${s.label}) reads ${s.input} but the step before wrote ${input}`);
    if (s.inputSize !== features) out.push(`step ${s.index} (${s.label}) takes ${s.inputSize} features but gets ${features}`);
    if (plan.layers[layer] !== s.layer)
      out.push(`step ${s.index} (${s.label}) is not layer ${layer} (${plan.layers[layer]?.name ?? "none"})`);
    layer += s.fusedRelu ? 2 : 1;
    input = `this.${s.output}`;
    features = s.outputSize;
  }
  if (layer !== plan.layers.length) out.push(`the kernel steps cover ${layer} of ${plan.layers.length} layers`);
  if (features !== plan.outputSize)
    out.push(`the last kernel step gives ${features} features but the model's output is ${plan.outputSize}`);
  return out;
}

function verifyBuffers(ir: Extract<Stage, { stage: "buffers" }>): string[] {
  const { plan, steps, buffers } = ir;
  const out: string[] = [];
  const perFloat = plan.training.precision === "f32" ? 4 : 8;
  const names = new Set<string>();
  let end = 0;
  let last = "the header";
  for (const a of buffers.allocations) {
    if (names.has(a.name)) out.push(`buffer ${a.name} is allocated twice`);
    names.add(a.name);
    if (a.offset % ARENA_ALIGN !== 0) out.push(`buffer ${a.name} starts at byte ${a.offset}, not a multiple of ${ARENA_ALIGN}`);
    if (a.bytes < a.size * (a.kind === "ints" ? 4 : perFloat)) out.push(`buffer ${a.name} has ${a.bytes} bytes for ${a.size} ${a.kind}`);
    if (a.bytes > 0 && a.offset < end)
      out.push(`buffers ${last} and ${a.name} overlap (${a.name} starts at byte ${a.offset}, before ${end})`);
    if (a.owner === "" || a.owner === "unowned") out.push(`buffer ${a.name} has no owner`);
    if (a.bytes > 0) {
      end = Math.max(end, a.offset + a.bytes);
      last = a.name;
    }
  }
  if (end > buffers.bytes) out.push(`the buffers end at byte ${end}, past the arena's ${buffers.bytes}`);
  for (const s of steps) if (!names.has(s.output)) out.push(`step ${s.index} (${s.label}) writes ${s.output}, which is not allocated`);
  return out;
}
