/**
 * The lowering IR's invariants, checked after every pass (./index.ts). A violation is a compiler bug,
 * not a user error — the checker has already accepted the spec — so lower() throws with every problem
 * listed; each names the layer, tensor or buffer and the numbers that disagree.
 *
 *   plan           every layer reads earlier layers (or the input) and takes the features its first input gives;
 *                  the last gives the output
 *   layout         every tensor belongs to one layer, has its shape's size, and the tensors of a buffer tile it
 *                  without overlap; update groups are disjoint ranges of params covering trainable tensors only
 *   kernel-steps   the steps cover the layers in order; each reads buffers written by earlier steps, every output
 *                  but the last is read, and each gradient buffer is written (first by copy) before it is read
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
  plan.layers.forEach((layer, i) => {
    if (layer.inputs.length === 0) out.push(`layer ${layer.name} reads no input`);
    for (const j of layer.inputs)
      if (!Number.isInteger(j) || j < -1 || j >= i) out.push(`layer ${layer.name} reads layer ${j}, which is not an earlier layer`);
    const first = layer.inputs[0];
    if (first !== undefined && first >= -1 && first < i) {
      const features = first < 0 ? plan.inputSize : plan.layers[first].outputSize;
      const from = first < 0 ? "the input" : `layer ${plan.layers[first].name}`;
      if (layer.inputSize !== features) out.push(`layer ${layer.name} takes ${layer.inputSize} features but ${from} gives ${features}`);
    }
    if (product(layer.outputShape) !== layer.outputSize)
      out.push(
        `layer ${layer.name}: output shape [${layer.outputShape.join(", ")}] holds ${product(layer.outputShape)}, not ${layer.outputSize}`,
      );
  });
  const last = plan.layers[plan.layers.length - 1];
  if (last !== undefined && last.outputSize !== plan.outputSize)
    out.push(`layer ${last.name} gives ${last.outputSize} features but the model's output is ${plan.outputSize}`);
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
  let layer = 0;
  const read = steps.map(() => false);
  /** Each gradient buffer's contributions in the order backward makes them (last step first, a merge's inputs in order). */
  const contributions = new Map<string, { accumulate: boolean; final: boolean; step: number }[]>();
  for (const s of [...steps].reverse())
    s.inputGrads.forEach(
      (d) => d.to === "buffer" && contributions.set(d.buffer, [...(contributions.get(d.buffer) ?? []), { ...d, step: s.index }]),
    );
  for (const s of steps) {
    const name = `step ${s.index} (${s.label})`;
    if (plan.layers[layer] !== s.layer) out.push(`${name} is not layer ${layer} (${plan.layers[layer]?.name ?? "none"})`);
    layer += s.fusedRelu ? 2 : 1;
    if (s.inputs.length === 0 || s.inputs[0] !== s.input) out.push(`${name} reads ${s.input} but its first input is ${s.inputs[0]}`);
    if (s.inputSizes[0] !== s.inputSize) out.push(`${name} takes ${s.inputSize} features but its first input gives ${s.inputSizes[0]}`);
    s.inputSteps.forEach((p, k) => {
      if (p < -1 || p >= s.index) return out.push(`${name} reads step ${p}, which is not written before it`);
      if (p >= 0) read[p] = true;
      const buffer = p < 0 ? "x" : `this.${steps[p].output}`;
      const features = p < 0 ? plan.inputSize : steps[p].outputSize;
      if (s.inputs[k] !== buffer) out.push(`${name} reads ${s.inputs[k]} as input ${k}, but step ${p} wrote ${buffer}`);
      if (s.inputSizes[k] !== features) out.push(`${name} takes ${s.inputSizes[k]} features as input ${k}, but gets ${features}`);
      const d = s.inputGrads[k];
      if (d?.to === "g" && (p !== s.index - 1 || steps[p].outputGrad !== undefined))
        out.push(`${name} leaves input ${k}'s gradient in g, but step ${p} is not the one differentiated next`);
      if (d?.to === "buffer" && (p < 0 || steps[p].outputGrad !== d.buffer))
        out.push(`${name} accumulates input ${k}'s gradient into ${d.buffer}, which step ${p} does not read`);
      if (d?.to === "buffer" && d.final && p !== s.index - 1)
        out.push(`${name} sums ${d.buffer} into g, but step ${p} is not the one differentiated next`);
      else if (d?.to === "buffer" && d.final && !steps[p].outputGradInG)
        out.push(`${name} sums ${d.buffer} into g, but step ${p} copies the buffer into g`);
      if (d?.to === "buffer" && d.producerAdds !== (d.final && steps[p]?.addsOutputGrad === true))
        out.push(
          d.producerAdds
            ? `${name} leaves its share of ${d.buffer} alone in g, but step ${p} does not add the buffer`
            : `${name} ${d.final ? "adds" : "hands"} ${d.buffer}${d.final ? " into g" : " on"}, but step ${p} adds the buffer too`,
        );
    });
  }
  for (const [buffer, order] of contributions) {
    if (order[0].accumulate || order.slice(1).some((c) => !c.accumulate))
      out.push(`gradient buffer ${buffer}: only its first contribution may copy`);
    const early = order.slice(0, -1).find((c) => c.final);
    if (early !== undefined) out.push(`gradient buffer ${buffer}: step ${early.step} sums it into g before the last contribution`);
  }
  for (const s of steps) {
    const order = s.outputGrad === undefined ? undefined : contributions.get(s.outputGrad);
    if (s.outputGrad !== undefined && order === undefined) out.push(`step ${s.index} (${s.label}): nothing writes ${s.outputGrad}`);
    if (s.outputGradInG && order?.at(-1)?.final !== true)
      out.push(`step ${s.index} (${s.label}) starts from g, but no step sums ${s.outputGrad} into it`);
    if (s.addsOutputGrad && !s.outputGradInG) out.push(`step ${s.index} (${s.label}) adds ${s.outputGrad} to g, but does not start from g`);
  }
  read.forEach((r, i) => !r && i < steps.length - 1 && out.push(`the output of step ${i} (${steps[i].label}) is read by no step`));
  if (layer !== plan.layers.length) out.push(`the kernel steps cover ${layer} of ${plan.layers.length} layers`);
  const last = steps[steps.length - 1];
  if (last !== undefined && last.outputSize !== plan.outputSize)
    out.push(`the last kernel step gives ${last.outputSize} features but the model's output is ${plan.outputSize}`);
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
    if (a.sharesWith !== undefined) {
      const host = buffers.allocations.find((h) => h.name === a.sharesWith && h.sharesWith === undefined);
      if (host === undefined || a.offset !== host.offset || a.bytes > host.bytes)
        out.push(`buffer ${a.name} shares ${a.sharesWith}'s memory but does not fit at its start`);
      continue;
    }
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
