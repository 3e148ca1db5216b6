/**
 * The optimizer step: per-step scalars (bias corrections, NAdam's μ, RAdam's rectification) computed
 * once, then one fused runtime loop per update group. Hyperparameters the spec fixes are literals;
 * scheduled ones (lr, momentum/β1, weight decay) arrive as locals `lr`, `mom`, `wd`.
 */
import type { OptimizerPlan } from "../ir.ts";
import type { UpdateGroup } from "./layout.ts";
import { num } from "./literals.ts";

export interface StateBuffer {
  /** Field name in the generated class. */
  readonly field: string;
  /** PyTorch's optimizer-state name, used in training-state checkpoints. */
  readonly torchName: string;
  /** Initial value of every element. */
  readonly initial: number;
}

export interface OptimizerEmitter {
  readonly runtimeImports: readonly string[];
  readonly state: readonly StateBuffer[];
  /** Scalar state carried across steps (e.g. NAdam's mu_product): field name → initial value. */
  readonly scalarState: readonly { readonly field: string; readonly initial: number }[];
  /** The base value of the momentum-like hyperparameter (SGD/RMSprop momentum, Adam-family β1). */
  readonly baseMomentum: number | undefined;
  readonly baseWeightDecay: number;
  /** Statements computing per-step scalars from `t`, `lr`, `mom`, `wd`. */
  readonly stepScalars: string;
  /** One fused call for a group; `clip` is the clipping arguments `clipValue, clipScale`. */
  call(group: UpdateGroup): string;
}

const REGULARIZE = (g: UpdateGroup) => `${num(g.l2x)}, ${num(g.l1)}, clipValue, clipScale`;
const range = (g: UpdateGroup) => `${g.start}, ${g.end}`;
const scaled = (name: string, mult: number) => (mult === 1 ? name : `${name} * ${num(mult)}`);

function h(plan: OptimizerPlan, key: string): number {
  const v = plan.hyper[key];
  if (typeof v !== "number") throw new Error(`internal: optimizer ${plan.name} has no numeric hyperparameter ${key}`);
  return v;
}
function flag(plan: OptimizerPlan, key: string): boolean {
  return plan.hyper[key] === true;
}
function betas(plan: OptimizerPlan): [number, number] {
  const b = plan.hyper.betas;
  if (!Array.isArray(b) || b.length !== 2) throw new Error(`internal: optimizer ${plan.name} has no betas`);
  return [b[0], b[1]];
}

export function optimizerEmitter(plan: OptimizerPlan): OptimizerEmitter {
  switch (plan.name) {
    case "sgd": {
      const momentum = h(plan, "momentum");
      return {
        runtimeImports: ["sgdUpdate"],
        state: [{ field: "momentumBuffer", torchName: "momentum_buffer", initial: 0 }],
        scalarState: [],
        baseMomentum: momentum,
        baseWeightDecay: h(plan, "weight_decay"),
        stepScalars: "",
        call: (g) =>
          `sgdUpdate(P, G, this.momentumBuffer, ${range(g)}, ${scaled("lr", g.lrMult)}, mom, ${num(h(plan, "dampening"))}, ${flag(plan, "nesterov")}, t === 1, ${scaled("wd", g.wdMult)}, ${REGULARIZE(g)});`,
      };
    }
    case "adagrad":
      return {
        runtimeImports: ["adagradUpdate"],
        state: [{ field: "sum", torchName: "sum", initial: h(plan, "initial_accumulator_value") }],
        scalarState: [],
        baseMomentum: undefined,
        baseWeightDecay: h(plan, "weight_decay"),
        stepScalars: `const clr = lr / (1 + (t - 1) * ${num(h(plan, "lr_decay"))});`,
        call: (g) =>
          `adagradUpdate(P, G, this.sum, ${range(g)}, ${scaled("clr", g.lrMult)}, ${num(h(plan, "eps"))}, ${scaled("wd", g.wdMult)}, ${REGULARIZE(g)});`,
      };
    case "adadelta":
      return {
        runtimeImports: ["adadeltaUpdate"],
        state: [
          { field: "squareAvg", torchName: "square_avg", initial: 0 },
          { field: "accDelta", torchName: "acc_delta", initial: 0 },
        ],
        scalarState: [],
        baseMomentum: undefined,
        baseWeightDecay: h(plan, "weight_decay"),
        stepScalars: "",
        call: (g) =>
          `adadeltaUpdate(P, G, this.squareAvg, this.accDelta, ${range(g)}, ${scaled("lr", g.lrMult)}, ${num(h(plan, "rho"))}, ${num(h(plan, "eps"))}, ${scaled("wd", g.wdMult)}, ${REGULARIZE(g)});`,
      };
    case "rmsprop": {
      const centered = flag(plan, "centered");
      const momentum = h(plan, "momentum");
      return {
        runtimeImports: ["rmspropUpdate"],
        state: [
          { field: "squareAvg", torchName: "square_avg", initial: 0 },
          ...(centered ? [{ field: "gradAvg", torchName: "grad_avg", initial: 0 }] : []),
          { field: "momentumBuffer", torchName: "momentum_buffer", initial: 0 },
        ],
        scalarState: [],
        baseMomentum: momentum,
        baseWeightDecay: h(plan, "weight_decay"),
        stepScalars: "",
        call: (g) =>
          `rmspropUpdate(P, G, this.squareAvg, ${centered ? "this.gradAvg" : "null"}, this.momentumBuffer, ${range(g)}, ${scaled("lr", g.lrMult)}, ${num(h(plan, "alpha"))}, ${num(h(plan, "eps"))}, mom, ${centered}, ${scaled("wd", g.wdMult)}, ${REGULARIZE(g)});`,
      };
    }
    case "adam":
    case "adamw": {
      const [b1, b2] = betas(plan);
      const amsgrad = flag(plan, "amsgrad");
      const decoupled = plan.name === "adamw";
      return {
        runtimeImports: ["adamUpdate"],
        state: [
          { field: "expAvg", torchName: "exp_avg", initial: 0 },
          { field: "expAvgSq", torchName: "exp_avg_sq", initial: 0 },
          ...(amsgrad ? [{ field: "maxExpAvgSq", torchName: "max_exp_avg_sq", initial: 0 }] : []),
        ],
        scalarState: [],
        baseMomentum: b1,
        baseWeightDecay: h(plan, "weight_decay"),
        stepScalars: `const bc1 = 1 - mom ** t;\nconst bc2 = 1 - ${num(b2)} ** t;`,
        call: (g) => {
          const glr = scaled("lr", g.lrMult);
          const gwd = scaled("wd", g.wdMult);
          const weightDecay = decoupled ? "0" : gwd;
          const decoupledDecay = decoupled ? `${glr} * ${gwd}` : "0";
          return `adamUpdate(P, G, this.expAvg, this.expAvgSq, ${amsgrad ? "this.maxExpAvgSq" : "null"}, ${range(g)}, ${glr}, mom, ${num(b2)}, ${num(h(plan, "eps"))}, bc1, bc2, ${amsgrad}, ${weightDecay}, ${decoupledDecay}, ${REGULARIZE(g)});`;
        },
      };
    }
    case "nadam": {
      const [b1, b2] = betas(plan);
      return {
        runtimeImports: ["nadamUpdate", "nadamScalars"],
        state: [
          { field: "expAvg", torchName: "exp_avg", initial: 0 },
          { field: "expAvgSq", torchName: "exp_avg_sq", initial: 0 },
        ],
        scalarState: [{ field: "muProduct", initial: 1 }],
        baseMomentum: b1,
        baseWeightDecay: h(plan, "weight_decay"),
        stepScalars: [
          `const mu = nadamScalars(t, mom, ${num(h(plan, "momentum_decay"))}, this.muProduct);`,
          `this.muProduct = mu.muProduct;`,
          `const bc2 = 1 - ${num(b2)} ** t;`,
          `const coefGrad = (1 - mu.mu) / (1 - mu.muProduct);`,
          `const coefMom = mu.muNext / (1 - mu.muProduct * mu.muNext);`,
        ].join("\n"),
        call: (g) => {
          const glr = scaled("lr", g.lrMult);
          return `nadamUpdate(P, G, this.expAvg, this.expAvgSq, ${range(g)}, ${glr}, mom, ${num(b2)}, ${num(h(plan, "eps"))}, bc2, ${glr} * coefGrad, ${glr} * coefMom, ${scaled("wd", g.wdMult)}, ${REGULARIZE(g)});`;
        },
      };
    }
    case "radam": {
      const [, b2] = betas(plan);
      return {
        runtimeImports: ["radamUpdate", "radamRect"],
        state: [
          { field: "expAvg", torchName: "exp_avg", initial: 0 },
          { field: "expAvgSq", torchName: "exp_avg_sq", initial: 0 },
        ],
        scalarState: [],
        baseMomentum: betas(plan)[0],
        baseWeightDecay: h(plan, "weight_decay"),
        stepScalars: `const bc1 = 1 - mom ** t;\nconst bc2 = 1 - ${num(b2)} ** t;\nconst rect = radamRect(t, ${num(b2)});`,
        call: (g) =>
          `radamUpdate(P, G, this.expAvg, this.expAvgSq, ${range(g)}, ${scaled("lr", g.lrMult)}, mom, ${num(b2)}, ${num(h(plan, "eps"))}, bc1, bc2, rect, ${scaled("wd", g.wdMult)}, ${REGULARIZE(g)});`,
      };
    }
    case "adamax": {
      const [b1, b2] = betas(plan);
      return {
        runtimeImports: ["adamaxUpdate"],
        state: [
          { field: "expAvg", torchName: "exp_avg", initial: 0 },
          { field: "expInf", torchName: "exp_inf", initial: 0 },
        ],
        scalarState: [],
        baseMomentum: b1,
        baseWeightDecay: h(plan, "weight_decay"),
        stepScalars: `const bc1 = 1 - mom ** t;`,
        call: (g) =>
          `adamaxUpdate(P, G, this.expAvg, this.expInf, ${range(g)}, ${scaled("lr", g.lrMult)}, mom, ${num(b2)}, ${num(h(plan, "eps"))}, bc1, ${scaled("wd", g.wdMult)}, ${REGULARIZE(g)});`,
      };
    }
    default:
      throw new Error(`internal: no emitter for optimizer ${plan.name}`);
  }
}
