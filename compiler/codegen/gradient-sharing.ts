/**
 * Liveness of a graph model's gradient accumulation buffers (kernel-steps.ts), and the memory they share.
 * Buffer `gradAct3` is live in backward from the first contribution to it (the backward of the last step
 * reading act3) to the copy into `g` that starts step 3's backward. Within one step's backward that copy
 * comes before the step hands its input gradients on, so a buffer its step empties can take the gradient
 * that step passes back; a residual merge that adds its buffer and hands its gradient on in one pass
 * (Add.sumBackward) does both element by element, reading each element before it writes it. Buffers whose live ranges do not overlap share one allocation, sized for the
 * largest of them: a ResNet's blocks run one after another, so their shortcut gradients take turns in it.
 *
 * Activations do not share memory: `activations()` (nnc doctor, the playground) reads every step's
 * output after a pass, and backward reads most of them again; the gradient buffers are the ones whose
 * lifetimes are short and known at compile time.
 */
import type { BufferField } from "../definitions/layers/definition.ts";
import type { KernelStep } from "./kernel-steps.ts";

/** A gradient buffer's live range, in backward order: step s's copy-in at 2·(S−1−s), its deliveries at 2·(S−1−s)+1. */
export interface GradientLifetime {
  readonly name: string;
  readonly size: number;
  readonly doc: string;
  readonly start: number;
  readonly end: number;
}

export function gradientLifetimes(steps: readonly KernelStep[], maxBatch: number): GradientLifetime[] {
  const last = steps.length - 1;
  const out: GradientLifetime[] = [];
  for (const s of steps) {
    if (s.outputGrad === undefined) continue;
    const readers = steps.filter((r) => r.inputGrads.some((d) => d.to === "buffer" && d.buffer === s.outputGrad)).map((r) => r.index);
    const lastReader = Math.max(s.index + 1, ...readers);
    out.push({
      name: s.outputGrad,
      size: maxBatch * s.outputSize,
      doc: `gradient w.r.t. the output of ${s.label}`,
      start: 2 * (last - lastReader) + 1,
      end: 2 * (last - s.index),
    });
  }
  return out;
}

/**
 * The gradient buffers as fields, in step order: the first of each group of buffers never live at once is
 * allocated, sized for the group's largest; the others are views at its start (`sharesWith`). Groups are
 * filled first-fit in order of the buffers' first use, so the result depends only on the steps.
 */
export function gradientFields(steps: readonly KernelStep[], maxBatch: number): BufferField[] {
  const lifetimes = gradientLifetimes(steps, maxBatch);
  const groups: { end: number; members: GradientLifetime[] }[] = [];
  const groupOf = new Map<string, (typeof groups)[number]>();
  for (const b of [...lifetimes].sort((a, c) => a.start - c.start)) {
    let group = groups.find((g) => g.end < b.start);
    if (group === undefined) groups.push((group = { end: -1, members: [] }));
    group.members.push(b);
    group.end = b.end;
    groupOf.set(b.name, group);
  }
  return lifetimes.map((b): BufferField => {
    const members = groupOf.get(b.name)!.members;
    const host = lifetimes.find((x) => members.includes(x))!;
    if (host !== b) return { name: b.name, kind: "floats", size: b.size, doc: b.doc, sharesWith: host.name };
    const size = Math.max(...members.map((m) => m.size));
    const others = members.filter((m) => m !== b).map((m) => m.name);
    return { name: b.name, kind: "floats", size, doc: others.length === 0 ? b.doc : `${b.doc}; also holds ${others.join(", ")}` };
  });
}
