/**
 * What a layer kind is, in every phase, in one object: the names it is written as (registry entries, for
 * the checker, completion and hover), the plan it builds from a call and the shape entering it (its shape
 * rule), the tensors it owns (hence its parameter count, its memory layout and its initialisation), its
 * cost, and how it is emitted — the runtime kernels its TypeScript forward and backward call, and its
 * PyTorch module. Every phase dispatches through the list in index.ts; nothing else switches on a layer's
 * kind. Adding a layer is one file here, its runtime kernels, and one line in that list.
 */
import type { Diagnostic, Span } from "../../../grammar/span.ts";
import type { CheckedCall } from "../call.ts";
import type { RegistryEntry } from "../../registry/types.ts";
import type { InitPlan } from "../initializers/index.ts";
import type { InputGradient } from "./input-gradient.ts";

/** A [channels, height, width] feature map. */
export interface MapShape {
  readonly c: number;
  readonly h: number;
  readonly w: number;
}

/** The fields every layer plan has. */
export interface LayerBase {
  readonly kind: string;
  /** PyTorch-style name: `fc1`, or `<kind><n>` for an anonymous layer. */
  readonly name: string;
  /**
   * The layers whose outputs this layer reads, as indices into the plan's layer list (which is in
   * topological order), in argument order; -1 is the model's input. One entry for every layer but a merge
   * (`add`, `concat`); a sequential model's layer i reads [i - 1].
   */
  readonly inputs: readonly number[];
  /** Flat feature count entering and leaving the layer (per sample). */
  readonly inputSize: number;
  readonly outputSize: number;
  /** Per-sample output shape: [features] or [channels, height, width] (NCHW, as PyTorch). */
  readonly outputShape: readonly number[];
  readonly span: Span;
}

/** A layer's `{ lr_mult, wd_mult, freeze }` overrides, which every layer with parameters carries. */
export interface TrainSettings {
  readonly lrMult: number;
  readonly wdMult: number;
  readonly frozen: boolean;
}

/** One name a layer is written as; `needsMap` entries refuse a flat input (`batchnorm2d`, but not `batchnorm`). */
export interface LayerEntry {
  readonly entry: RegistryEntry;
  readonly needsMap: boolean;
}

/** What building a layer's plan reads: its bound call, its name and the shape entering it. */
export interface LayerBuild {
  /** The bound call; its entry is the name the spec wrote (`maxpool` or `avgpool` for the one pooling definition). */
  readonly call: CheckedCall;
  /** The shape of the first (for every layer but a merge, the only) input. */
  readonly inputShape: readonly number[];
  /** Every input's shape, in the order of `base.inputs` (a merge, `add` or `concat`, has several). */
  readonly inputShapes: readonly (readonly number[])[];
  /** The input as a feature map; always defined for a `needsMap` entry. */
  readonly map: MapShape | undefined;
  /** name, inputSize and span: the start of every plan. */
  readonly base: { readonly name: string; readonly inputs: readonly number[]; readonly inputSize: number; readonly span: Span };
  readonly train: TrainSettings;
  /** The weight's initializer, nearest first: the layer's `weight_init`, the model's, PyTorch's default. */
  weightInit(): InitPlan;
  /** The bias's initializer (see plan/layers.ts biasInitCall for the order). */
  biasInit(): InitPlan;
  /** The checkpoint a `weight_init = from(...)` (the layer's or the model's) loads, if any. */
  readonly weightsFrom: string | undefined;
  readonly out: Diagnostic[];
}

/** PyTorch's fans of a weight, which the fan-scaled initializers read. */
export interface Fans {
  readonly fanIn: number;
  readonly fanOut: number;
}

interface TensorBase {
  readonly role: "weight" | "bias" | "running_mean" | "running_var";
  readonly shape: readonly number[];
  /** How the TypeScript target fills it (runtime/init), already in the runtime's terms. */
  readonly init: InitPlan;
  readonly fans: Fans;
  /** The matrix an orthogonal initializer shapes it as: rows × cols. */
  readonly matrix: { readonly rows: number; readonly cols: number };
}

/** A tensor a layer owns, in PyTorch's state_dict order: a trainable parameter or a running statistic. */
export type LayerTensor =
  (TensorBase & { readonly buffer: "params"; readonly train: TrainSettings }) | (TensorBase & { readonly buffer: "stats" });

/** A buffer of the generated model: an activation, a dropout mask, saved batch statistics. */
export interface BufferField {
  readonly name: string;
  readonly kind: "floats" | "ints";
  readonly size: number;
  readonly doc: string;
  /**
   * A buffer never live at the same time as this one (a graph model's gradient buffers, codegen/gradient-sharing.ts):
   * this one is a view at its start rather than an allocation of its own.
   */
  readonly sharesWith?: string;
}

/**
 * One kernel call (or a fused pair) of the generated forward and backward passes, with the buffers it
 * reads and writes fixed at compile time. A dense layer directly followed by ReLU is one step whose GEMM
 * applies the ReLU in its epilogue.
 */
export interface KernelStep<P extends LayerBase = LayerBase> {
  readonly layer: P;
  readonly index: number;
  /** Buffer expression holding this step's (first) input rows: its producer's output, `this.act3`, or the model input `x`. */
  readonly input: string;
  /** Every input's buffer expression, in the layer's input order (a merge reads several; `inputs[0]` is `input`). */
  readonly inputs: readonly string[];
  /** The step producing each input (an index into the step list; -1 for the model input). */
  readonly inputSteps: readonly number[];
  /** Features per row of each input. */
  readonly inputSizes: readonly number[];
  /** Where backward leaves the gradient with respect to each input (input-gradient.ts). */
  readonly inputGrads: readonly InputGradient[];
  /** The accumulation buffer of the gradient w.r.t. this step's output, copied into `g` first unless `outputGradInG`; undefined when it arrives in `g`. */
  readonly outputGrad: string | undefined;
  /** The next step's backward, the last contribution to `outputGrad`, left the whole sum in `g` (InputGradient `final`). */
  readonly outputGradInG: boolean;
  /** With outputGradInG: the next step left only its share in `g`; this step's backward adds `outputGrad` (InputGradient `producerAdds`). */
  readonly addsOutputGrad: boolean;
  /** Field name of this step's output buffer. */
  readonly output: string;
  readonly inputSize: number;
  readonly outputSize: number;
  /** A following ReLU runs inside this step's kernel (see LayerDefinition.fusesRelu). */
  readonly fusedRelu: boolean;
  /** Whether backward must produce the gradient with respect to this step's input. */
  readonly needsInputGrad: boolean;
  /** Whether this step has parameters that receive gradients. */
  readonly trainable: boolean;
  readonly label: string;
  /** A convolution whose only reader, the next step, is a batch norm folded into it in evaluation (codegen/fold-batchnorm.ts). */
  readonly foldsBatchNorm?: FoldedBatchNorm;
  /** A batch norm folded into the convolution step before it in evaluation, which then skips its own evaluation forward. */
  readonly foldedInto?: number;
}

/** The model's field holding convolution step `conv`'s ConvBatchNorm (runtime/layers/conv-batch-norm.ts), which both steps' code calls. */
export const convBatchNormMember = (conv: number): string => `convBatchNorm${conv}`;

/** The batch norm a convolution step folds in evaluation (KernelStep.foldsBatchNorm). */
export interface FoldedBatchNorm {
  /** The batch norm's layer name (its tensors are `<name>.weight`, `<name>.running_mean`, …). */
  readonly name: string;
  readonly eps: number;
  readonly affine: boolean;
  /** Its fused ReLU, which the folded convolution applies in its epilogue, and its output buffer, which it writes. */
  readonly relu: boolean;
  readonly output: string;
}

/** What a step's emitted statements refer to besides its own plan. */
export interface EmitContext {
  /** Offset of a tensor (`fc1.weight`) in its buffer (`P` for parameters and gradients, `S` for statistics). */
  offset(tensor: string): number;
  /** Index of a batch-norm layer's num_batches_tracked counter. */
  batchNormIndex(layer: string): number;
  /** The expression of this dropout step's rate: a literal, or a schedule's value this step. */
  dropoutRate(): string;
  /** A view of a tensor (`fc1.weight`) made once in the constructor: its values or its gradient. */
  view(tensor: string, of: "values" | "gradient"): string;
}

/** An object the model builds once in its constructor for a step (a layer's tensors as views): `this.<name>`. */
export interface LayerMember {
  readonly name: string;
  /** Its runtime type, which is also its import (`Dense`). */
  readonly type: string;
  readonly initializer: string;
  readonly doc: string;
}

/**
 * The generated TypeScript of one step. Forward statements read the step's input and write
 * `this.<output>`; backward statements find the gradient w.r.t. the output in `g` and leave the gradient
 * w.r.t. the input in `g` (swapping `g` and `o` when they need a second buffer).
 */
export interface TypeScriptEmission<P extends LayerBase> {
  /** Scratch buffers beyond the step's output (masks, saved statistics, argmax indices) for `rows` rows. */
  scratch(step: KernelStep<P>, rows: number): readonly BufferField[];
  /** Module-level declarations (a convolution's geometry). */
  constants(step: KernelStep<P>): readonly string[];
  /** Objects the model's constructor builds for the step, after every buffer (a layer's tensors as views). */
  members(step: KernelStep<P>, ctx: EmitContext): readonly LayerMember[];
  /** The runtime functions and types the statements use. */
  imports(step: KernelStep<P>): readonly string[];
  forward(step: KernelStep<P>, ctx: EmitContext): readonly string[];
  backward(step: KernelStep<P>, ctx: EmitContext): readonly string[];
  /**
   * The view of one of the layer's tensors on the object `members` built (`this.dense0.tensors.weight`),
   * which initialize() fills. Absent for the kinds with no tensors.
   */
  tensorView?(step: KernelStep<P>, role: LayerTensor["role"]): string;
}

/** How the PyTorch target spells a layer: a submodule built in __init__ and/or one line of forward(). */
export interface PyTorchEmission<P extends LayerBase> {
  /** The nn.Module that holds the layer's state (`nn.Linear(784, 256, bias=True)`); undefined for a stateless layer. */
  module(plan: P): string | undefined;
  /**
   * The line of forward(); `self.<name>` is the module's reference. `inputs` are the Python variables
   * holding the layer's inputs, which only a merge (`add`, `concat`) reads; every other layer reads `x`.
   */
  forward(plan: P, self: string, inputs?: readonly string[]): string;
  /** Statements of init_parameters() applying the spec's initializers to the module `module`. */
  init(plan: P, module: string, paths: PyTorchInitPaths): readonly string[];
  /** The layer's name in the model's docstring (an activation shows its function); default: the plan's name. */
  docName?(plan: P): string;
  /**
   * Python classes the module needs that PyTorch lacks (`StochasticDepth`, `DropConnectLinear`), written once
   * before the model, only in scripts that use them.
   */
  classes?(plan: P): readonly string[];
}

/** The Python expressions of paths, and the model-wide checkpoint, that initialisation reads. */
export interface PyTorchInitPaths {
  expression(path: string): string;
  /** The model-wide `weight_init = from(...)` path, if any (it also carries batch counters). */
  readonly modelFrom: string | undefined;
}

export interface LayerDefinition<P extends LayerBase> {
  readonly kind: P["kind"];
  readonly entries: readonly LayerEntry[];
  /** Takes `{ }` overrides (weight_init, lr_mult, freeze...): a layer kind that can own parameters. */
  readonly parametric: boolean;
  /** The shape rule: checks the call against the input and builds the plan, or reports why not (undefined). */
  plan(build: LayerBuild): P | undefined;
  /** The tensors the layer owns, in state_dict order; the parameter count is the size of its `params` ones. */
  tensors(plan: P): readonly LayerTensor[];
  /** Forward FLOPs per sample. */
  flops(plan: P): number;
  /** The summary's kind column: `dense(256)`, `maxpool(2, stride = 1)`. */
  summary(plan: P): string;
  /** A step's label in generated comments and `nnc doctor`: `fc1: dense 784 → 256`. */
  label(plan: P): string;
  /** Whether a ReLU right after the layer runs in its kernel's epilogue (one step instead of two). */
  fusesRelu(plan: P): boolean;
  /** Whether its backward can add its output's gradient buffer to `g` in its own first pass (KernelStep.addsOutputGrad). */
  addsOutputGrad?(plan: P, inputGrads: readonly InputGradient[]): boolean;
  readonly typescript: TypeScriptEmission<P>;
  readonly pytorch: PyTorchEmission<P>;
}

/** The input map of a `needsMap` entry (the builder refused a flat input before calling the definition). */
export function inputMap(build: LayerBuild): MapShape {
  if (build.map === undefined) throw new Error(`internal: ${build.call.entry.name} was built without a [C, H, W] input`);
  return build.map;
}

/** Elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, d) => a * d, 1);
}

/** Output side of a sliding window (PyTorch's formula); ≤ 0 means the window does not fit. */
export function windowOutput(size: number, kernel: number, stride: number, padding: number, dilation: number): number {
  return Math.floor((size + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1;
}

/** The input of a step as backward reads it: the first step's input is the saved batch, `this.input`. */
export function savedInput(step: KernelStep): string {
  return step.input === "x" ? "this.input" : step.input;
}

/** The backward idiom that moves the result from `o` back into `g`. */
export const SWAP = "t = g; g = o; o = t;";

/** A layer that holds no tensors, has no `{ }` overrides and never fuses a ReLU: the defaults of most layers. */
export const stateless = {
  parametric: false,
  tensors: (): readonly LayerTensor[] => [],
  fusesRelu: (): boolean => false,
} as const;

/** For the kinds that have no PyTorch module and initialise nothing. */
export const noModule = { module: (): undefined => undefined, init: (): readonly string[] => [] } as const;

/** For the kinds with no scratch, constants or member objects. */
export const noBuffers = {
  scratch: (): readonly BufferField[] => [],
  constants: (): readonly string[] => [],
  members: (): readonly LayerMember[] => [],
} as const;
