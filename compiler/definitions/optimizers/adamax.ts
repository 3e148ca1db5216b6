import type { Span } from "../../../grammar/span.ts";
import { num } from "../../codegen/literals.ts";
import { betaPair, defineOptimizer } from "./definition.ts";
import { bounds, py, regularize, scaled } from "./emit.ts";
import { betas, eps, lr, weightDecay } from "./params.ts";

export interface AdamaxPlan {
  readonly name: "adamax";
  readonly lr: number;
  readonly betas: readonly [number, number];
  readonly eps: number;
  readonly weightDecay: number;
  readonly span: Span;
}

export const adamax = defineOptimizer<AdamaxPlan>({
  entry: {
    name: "adamax",
    role: "optimizer",
    params: [lr(2e-3), betas, eps(1e-8), weightDecay(0)],
    doc: "Adamax: Adam with the infinity norm.",
    details: "u ← max(β2·u, |g| + ε), θ ← θ − (lr/(1 − β1ᵗ))·m/u. A stable variant of Adam (Kingma & Ba 2014, §7).",
  },
  plan: (a, span) => ({
    name: "adamax",
    lr: a.number("lr"),
    betas: betaPair(a),
    eps: a.number("eps"),
    weightDecay: a.number("weight_decay"),
    span,
  }),
  scheduled: (p) => ({ lr: p.lr, momentum: { name: "beta1", base: p.betas[0] }, weightDecay: p.weightDecay }),
  typescript: (p) => ({
    kind: "step",
    runtimeImports: ["adamaxUpdate"],
    state: [
      { field: "expAvg", torchName: "exp_avg", initial: 0 },
      { field: "expInf", torchName: "exp_inf", initial: 0 },
    ],
    scalarState: [],
    stepScalars: `const bc1 = 1 - mom ** t;`,
    call: (r) =>
      `adamaxUpdate(P, G, this.expAvg, this.expInf, ${bounds(r)}, ${scaled("lr", r.lrMult)}, mom, ${num(p.betas[1])}, ${num(p.eps)}, bc1, ${scaled("wd", r.wdMult)}, ${regularize(r)});`,
  }),
  pytorch: (p) => ({
    cls: "torch.optim.Adamax",
    args: [
      ["lr", py.float(p.lr)],
      ["betas", py.pair(p.betas)],
      ["eps", py.float(p.eps)],
      ["weight_decay", py.float(p.weightDecay)],
    ],
  }),
});
