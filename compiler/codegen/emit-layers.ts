/**
 * Forward and backward code for each unit, side by side. Every offset and size is a literal; `n` is the
 * number of rows in the batch. Backward passes the gradient between two ping-pong buffers (`gradA`,
 * `gradB`); elementwise layers work in place.
 */
import type { Layout } from "./layout.ts";
import { slotOf } from "./layout.ts";
import { commentText, num } from "./literals.ts";
import type { KernelStep } from "./kernel-steps.ts";

export interface BufferField {
  readonly name: string;
  readonly kind: "floats" | "ints";
  readonly size: number;
  readonly doc: string;
}

/** Every unit's buffers, in unit order (the order the constructor allocates them). */
export function emitLayersFields(units: readonly KernelStep[], maxBatch: number): BufferField[] {
  const out: BufferField[] = [];
  for (const u of units) for (const f of stepFields(u, maxBatch)) out.push(f);
  return out;
}

/** Per-unit scratch buffers beyond the output (dropout masks, batch-norm saves, maxout indices). */
export function stepFields(unit: KernelStep, maxBatch: number): BufferField[] {
  const rows = maxBatch;
  const fields: BufferField[] = [{ name: unit.output, kind: "floats", size: rows * unit.outputSize, doc: `output of ${unit.label}` }];
  const layer = unit.layer;
  if (layer.kind === "dropout")
    fields.push({ name: `mask${unit.index}`, kind: "floats", size: rows * layer.outputSize, doc: "dropout mask: 0 or 1/(1-p)" });
  if (layer.kind === "batchnorm") {
    fields.push({ name: `xhat${unit.index}`, kind: "floats", size: rows * layer.outputSize, doc: "normalised input, kept for backward" });
    fields.push({ name: `mean${unit.index}`, kind: "floats", size: layer.features, doc: "batch mean" });
    fields.push({ name: `invStd${unit.index}`, kind: "floats", size: layer.features, doc: "1/sqrt(batch var + eps)" });
  }
  if (layer.kind === "dropout2d")
    fields.push({
      name: `mask${unit.index}`,
      kind: "floats",
      size: rows * layer.channels,
      doc: "channel dropout mask: 0 or 1/(1-p) per feature map",
    });
  if (layer.kind === "pool" && layer.op === "max")
    fields.push({ name: `argmax${unit.index}`, kind: "ints", size: rows * layer.outputSize, doc: "winning input of each pooling window" });
  if (layer.kind === "maxout")
    fields.push({ name: `argmax${unit.index}`, kind: "ints", size: rows * layer.outputSize, doc: "winning input of each maxout group" });
  return fields;
}

function offsetOf(layout: Layout, name: string): number {
  const slot = slotOf(layout, name);
  if (slot === undefined) throw new Error(`internal: no tensor ${name} in the layout`);
  return slot.offset;
}

/** The name of a unit's module-level geometry constant (conv2d and pooling units). */
function geometryName(unit: KernelStep): string {
  return `GEOMETRY_${unit.index}`;
}

/** Module-level declarations a unit needs: the fixed geometry of a convolution or pooling window. */
export function stepConstants(unit: KernelStep): string {
  const l = unit.layer;
  if (l.kind === "conv2d") {
    const g = {
      C: l.in.c,
      H: l.in.h,
      W: l.in.w,
      O: l.out.c,
      OH: l.out.h,
      OW: l.out.w,
      k: l.kernel,
      stride: l.stride,
      pad: l.padding,
      dil: l.dilation,
      groups: l.groups,
    };
    return `/** ${commentText(unit.label)} */\nconst ${geometryName(unit)}: ConvGeometry = ${JSON.stringify(g).replace(/"/g, "")};`;
  }
  if (l.kind === "pool") {
    const g = { C: l.in.c, H: l.in.h, W: l.in.w, OH: l.out.h, OW: l.out.w, k: l.kernel, stride: l.stride, pad: l.padding };
    return `/** ${commentText(unit.label)} */\nconst ${geometryName(unit)}: PoolGeometry = ${JSON.stringify(g).replace(/"/g, "")};`;
  }
  return "";
}

/** The runtime functions a unit's code calls, for the import list. */
export function stepImports(unit: KernelStep): string[] {
  const layer = unit.layer;
  switch (layer.kind) {
    case "dense":
      return ["matmulNT", "matmulNN", "matmulTN", "biasGrad", ...(unit.fusedRelu ? ["reluBackward"] : [])];
    case "conv2d":
      return ["conv2dForward", "conv2dBackward", "type ConvGeometry", ...(unit.fusedRelu ? ["reluBackward"] : [])];
    case "pool":
      return layer.op === "max"
        ? ["maxPoolForward", "maxPoolBackward", "type PoolGeometry"]
        : ["avgPoolForward", "avgPoolBackward", "type PoolGeometry"];
    case "global_avgpool":
      return ["globalAvgPoolForward", "globalAvgPoolBackward"];
    case "flatten":
      return ["copyInto"];
    case "dropout2d":
      return ["dropout2dForward", "dropout2dBackward", "copyInto"];
    case "batchnorm":
      if (layer.spatial > 1)
        return [
          "batchNorm2dForwardTrain",
          "batchNorm2dForwardEval",
          "batchNorm2dBackward",
          ...(unit.fusedRelu ? ["reluForward", "reluBackward"] : []),
        ];
      return ["batchNormForwardTrain", "batchNormForwardEval", "batchNormBackward"];
    case "dropout":
      return ["dropoutForward", "dropoutBackward", "copyInto"];
    case "maxout":
      return ["maxoutForward", "maxoutBackward"];
    case "activation": {
      const base = activationFunctionBase(layer.activation.fn);
      return [`${base}Forward`, `${base}Backward`];
    }
  }
}

function activationFunctionBase(fn: string): string {
  return fn === "leaky_relu" ? "leakyRelu" : fn;
}

/** Statements of `forward(x, n, training)` for one unit. `dropoutP` names the run-time dropout rate when scheduled. */
export function emitForward(unit: KernelStep, layout: Layout, dropoutRate: (unit: KernelStep) => string): string {
  const layer = unit.layer;
  const out = `this.${unit.output}`;
  const lines = [`// ${commentText(unit.label)}`];
  switch (layer.kind) {
    case "dense": {
      const w = offsetOf(layout, `${layer.name}.weight`);
      const bias = layer.bias ? `P, ${offsetOf(layout, `${layer.name}.bias`)}` : "null, 0";
      lines.push(
        `matmulNT(n, ${layer.outputSize}, ${layer.inputSize}, ${unit.input}, 0, P, ${w}, ${out}, 0, ${bias}, ${unit.fusedRelu}, false);`,
      );
      break;
    }
    case "conv2d": {
      const w = offsetOf(layout, `${layer.name}.weight`);
      const bias = layer.bias ? `P, ${offsetOf(layout, `${layer.name}.bias`)}` : "null, 0";
      lines.push(`conv2dForward(n, ${geometryName(unit)}, ${unit.input}, 0, P, ${w}, ${bias}, ${out}, 0, ${unit.fusedRelu});`);
      break;
    }
    case "pool":
      if (layer.op === "max")
        lines.push(`maxPoolForward(n, ${geometryName(unit)}, ${unit.input}, 0, ${out}, 0, this.argmax${unit.index}, 0);`);
      else lines.push(`avgPoolForward(n, ${geometryName(unit)}, ${unit.input}, 0, ${out}, 0);`);
      break;
    case "global_avgpool":
      lines.push(`globalAvgPoolForward(n, ${layer.channels}, ${layer.spatial}, ${unit.input}, 0, ${out}, 0);`);
      break;
    case "flatten":
      lines.push(`copyInto(${unit.input}, 0, ${out}, 0, n * ${layer.outputSize});`);
      break;
    case "dropout2d":
      lines.push(
        `if (training) dropout2dForward(n, ${layer.channels}, ${layer.spatial}, ${unit.input}, 0, ${out}, 0, this.mask${unit.index}, 0, ${num(layer.p)}, this.rng);`,
        `else copyInto(${unit.input}, 0, ${out}, 0, n * ${layer.outputSize});`,
      );
      break;
    case "batchnorm": {
      const F = layer.outputSize;
      const affine = layer.affine
        ? `P, ${offsetOf(layout, `${layer.name}.weight`)}, P, ${offsetOf(layout, `${layer.name}.bias`)}`
        : "null, 0, null, 0";
      const rm = offsetOf(layout, `${layer.name}.running_mean`);
      const rv = offsetOf(layout, `${layer.name}.running_var`);
      const bn = layout.batchNorms.indexOf(layer.name);
      if (layer.spatial > 1) {
        const dims = `n, ${layer.features}, ${layer.spatial}`;
        lines.push(
          `if (training) {`,
          `batchNorm2dForwardTrain(${dims}, ${unit.input}, 0, ${out}, 0, ${affine}, S, ${rm}, S, ${rv}, ${num(layer.momentum)}, ${num(layer.eps)}, this.mean${unit.index}, 0, this.invStd${unit.index}, 0, this.xhat${unit.index}, 0);`,
          ...(unit.fusedRelu ? [`reluForward(${out}, 0, ${out}, 0, n * ${F});`] : []),
          `this.batchesTracked[${bn}] += 1;`,
          `} else {`,
          `batchNorm2dForwardEval(${dims}, ${unit.input}, 0, ${out}, 0, ${affine}, S, ${rm}, S, ${rv}, ${num(layer.eps)}, ${unit.fusedRelu});`,
          `}`,
        );
        break;
      }
      lines.push(
        `if (training) {`,
        `batchNormForwardTrain(n, ${F}, ${unit.input}, 0, ${out}, 0, ${affine}, S, ${rm}, S, ${rv}, ${num(layer.momentum)}, ${num(layer.eps)}, this.mean${unit.index}, 0, this.invStd${unit.index}, 0, this.xhat${unit.index}, 0);`,
        `this.batchesTracked[${bn}] += 1;`,
        `} else {`,
        `batchNormForwardEval(n, ${F}, ${unit.input}, 0, ${out}, 0, ${affine}, S, ${rm}, S, ${rv}, ${num(layer.eps)});`,
        `}`,
      );
      break;
    }
    case "dropout":
      lines.push(
        `if (training) dropoutForward(${unit.input}, 0, ${out}, 0, this.mask${unit.index}, 0, n * ${layer.outputSize}, ${dropoutRate(unit)}, this.rng);`,
        `else copyInto(${unit.input}, 0, ${out}, 0, n * ${layer.outputSize});`,
      );
      break;
    case "maxout":
      lines.push(`maxoutForward(${unit.input}, 0, ${out}, 0, this.argmax${unit.index}, n, ${layer.inputSize}, ${layer.k});`);
      break;
    case "activation": {
      const a = layer.activation;
      const base = activationFunctionBase(a.fn);
      if (a.fn === "softmax") lines.push(`softmaxForward(${unit.input}, 0, ${out}, 0, n, ${layer.outputSize});`);
      else {
        const extra = a.fn === "leaky_relu" ? `, ${num(a.slope)}` : a.fn === "elu" ? `, ${num(a.alpha)}` : "";
        lines.push(`${base}Forward(${unit.input}, 0, ${out}, 0, n * ${layer.outputSize}${extra});`);
      }
      break;
    }
  }
  return lines.join("\n");
}

/**
 * Statements of backward for one unit. On entry the gradient w.r.t. the unit's output is in `g`; on
 * exit the gradient w.r.t. its input is in `g` again (the code swaps `g` and `o` when it needs a
 * second buffer).
 */
export function emitBackward(unit: KernelStep, layout: Layout): string {
  const layer = unit.layer;
  const out = `this.${unit.output}`;
  const input = unit.input === "x" ? "this.input" : unit.input;
  const lines = [`// ${commentText(unit.label)}`];
  const swap = "t = g; g = o; o = t;";
  switch (layer.kind) {
    case "dense": {
      const w = offsetOf(layout, `${layer.name}.weight`);
      const rows = `n * ${layer.outputSize}`;
      if (unit.fusedRelu) lines.push(`reluBackward(${out}, 0, g, 0, g, 0, ${rows});`);
      if (unit.trainable) {
        lines.push(`matmulTN(${layer.outputSize}, ${layer.inputSize}, n, g, 0, ${input}, 0, G, ${w}, true);`);
        if (layer.bias) lines.push(`biasGrad(n, ${layer.outputSize}, g, 0, G, ${offsetOf(layout, `${layer.name}.bias`)}, true);`);
      }
      if (unit.needsInputGrad) lines.push(`matmulNN(n, ${layer.inputSize}, ${layer.outputSize}, g, 0, P, ${w}, o, 0, false);`, swap);
      break;
    }
    case "conv2d": {
      const w = offsetOf(layout, `${layer.name}.weight`);
      if (unit.fusedRelu) lines.push(`reluBackward(${out}, 0, g, 0, g, 0, n * ${layer.outputSize});`);
      if (!unit.trainable && !unit.needsInputGrad) break;
      const dw = unit.trainable ? `G, ${w}` : "null, 0";
      const db = unit.trainable && layer.bias ? `G, ${offsetOf(layout, `${layer.name}.bias`)}` : "null, 0";
      const dx = unit.needsInputGrad ? "o, 0" : "null, 0";
      lines.push(`conv2dBackward(n, ${geometryName(unit)}, ${input}, 0, P, ${w}, g, 0, ${dw}, ${db}, ${dx});`);
      if (unit.needsInputGrad) lines.push(swap);
      break;
    }
    case "pool":
      if (!unit.needsInputGrad) break;
      if (layer.op === "max") lines.push(`maxPoolBackward(n, ${geometryName(unit)}, g, 0, this.argmax${unit.index}, 0, o, 0);`, swap);
      else lines.push(`avgPoolBackward(n, ${geometryName(unit)}, g, 0, o, 0);`, swap);
      break;
    case "global_avgpool":
      if (unit.needsInputGrad) lines.push(`globalAvgPoolBackward(n, ${layer.channels}, ${layer.spatial}, g, 0, o, 0);`, swap);
      break;
    case "flatten":
      // Same elements in the same order: the gradient passes through unchanged.
      break;
    case "dropout2d":
      if (unit.needsInputGrad)
        lines.push(`dropout2dBackward(n, ${layer.channels}, ${layer.spatial}, this.mask${unit.index}, 0, g, 0, g, 0);`);
      break;
    case "batchnorm": {
      const F = layer.outputSize;
      const gamma = layer.affine ? `P, ${offsetOf(layout, `${layer.name}.weight`)}` : "null, 0";
      const grads =
        layer.affine && unit.trainable
          ? `G, ${offsetOf(layout, `${layer.name}.weight`)}, G, ${offsetOf(layout, `${layer.name}.bias`)}`
          : "null, 0, null, 0";
      if (layer.spatial > 1) {
        if (unit.fusedRelu && (unit.trainable || unit.needsInputGrad)) lines.push(`reluBackward(${out}, 0, g, 0, g, 0, n * ${F});`);
        if (unit.trainable || unit.needsInputGrad) {
          const dx = unit.needsInputGrad ? "g, 0" : "null, 0";
          lines.push(
            `batchNorm2dBackward(n, ${layer.features}, ${layer.spatial}, g, 0, this.xhat${unit.index}, 0, this.invStd${unit.index}, 0, ${gamma}, ${dx}, ${grads}, true);`,
          );
        }
        break;
      }
      if (unit.trainable || unit.needsInputGrad) {
        lines.push(
          `batchNormBackward(n, ${F}, g, 0, this.xhat${unit.index}, 0, this.invStd${unit.index}, 0, ${gamma}, o, 0, ${grads}, true);`,
          swap,
        );
      }
      break;
    }
    case "dropout":
      if (unit.needsInputGrad) lines.push(`dropoutBackward(this.mask${unit.index}, 0, g, 0, g, 0, n * ${layer.outputSize});`);
      break;
    case "maxout":
      if (unit.needsInputGrad) lines.push(`maxoutBackward(this.argmax${unit.index}, g, 0, o, 0, n, ${layer.inputSize}, ${layer.k});`, swap);
      break;
    case "activation": {
      if (!unit.needsInputGrad) break;
      const a = layer.activation;
      const size = `n * ${layer.outputSize}`;
      switch (a.fn) {
        case "relu":
        case "sigmoid":
        case "tanh":
          lines.push(`${a.fn}Backward(${out}, 0, g, 0, g, 0, ${size});`);
          break;
        case "leaky_relu":
          lines.push(`leakyReluBackward(${input}, 0, g, 0, g, 0, ${size}, ${num(a.slope)});`);
          break;
        case "elu":
          lines.push(`eluBackward(${input}, 0, ${out}, 0, g, 0, g, 0, ${size}, ${num(a.alpha)});`);
          break;
        case "gelu":
          lines.push(`geluBackward(${input}, 0, g, 0, g, 0, ${size});`);
          break;
        case "softmax":
          lines.push(`softmaxBackward(${out}, 0, g, 0, g, 0, n, ${layer.outputSize});`);
          break;
      }
      break;
    }
  }
  if (lines.length === 1) return "";
  return lines.join("\n");
}
