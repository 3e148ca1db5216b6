import type { Span } from "../../../grammar/span.ts";
import { num, str } from "../../codegen/literals.ts";
import { INTEGER, NUMBER, oneOf, opt } from "../../registry/params.ts";
import { atLeastOne, nonNegative, positive } from "../../registry/range.ts";
import { defineOptimizer } from "./definition.ts";

export interface LbfgsPlan {
  readonly name: "lbfgs";
  readonly lr: number;
  readonly maxIter: number;
  /** Resolved: PyTorch's default max_iter·5/4 when the spec leaves it out. */
  readonly maxEval: number;
  readonly toleranceGrad: number;
  readonly toleranceChange: number;
  readonly historySize: number;
  readonly lineSearch: "none" | "strong_wolfe";
  readonly span: Span;
}

export const lbfgs = defineOptimizer<LbfgsPlan>({
  entry: {
    name: "lbfgs",
    role: "optimizer",
    params: [
      opt("lr", NUMBER, 1, "step length", positive),
      opt("max_iter", INTEGER, 20, "iterations per optimizer step", atLeastOne),
      opt("max_eval", INTEGER, undefined, "function evaluations per step (default max_iter·5/4)", atLeastOne),
      opt("tolerance_grad", NUMBER, 1e-7, "stop when the gradient's max-abs falls below", nonNegative),
      opt("tolerance_change", NUMBER, 1e-9, "stop when loss or step changes less than", nonNegative),
      opt("history_size", INTEGER, 100, "number of (s, y) pairs kept", atLeastOne),
      opt("line_search", oneOf("none", "strong_wolfe"), "none", "line search: none or strong_wolfe"),
    ],
    doc: "L-BFGS: quasi-Newton with a limited history of curvature pairs (full batch).",
    details:
      "Approximates H⁻¹g by the two-loop recursion over the last m pairs s = Δθ, y = Δg, then steps (optionally " +
      "with a strong-Wolfe line search). Second-order information without the Hessian; it needs exact, " +
      "noise-free gradients, so it is used full batch on small problems (CS231n).",
  },
  plan: (a, span) => {
    const maxIter = a.number("max_iter");
    return {
      name: "lbfgs",
      lr: a.number("lr"),
      maxIter,
      maxEval: a.optional.number("max_eval") ?? Math.floor((maxIter * 5) / 4),
      toleranceGrad: a.number("tolerance_grad"),
      toleranceChange: a.number("tolerance_change"),
      historySize: a.number("history_size"),
      lineSearch: a.string<LbfgsPlan["lineSearch"]>("line_search"),
      span,
    };
  },
  scheduled: (p) => ({ lr: p.lr, momentum: undefined, weightDecay: 0 }),
  typescript: (p) => ({
    kind: "full_batch",
    runtimeImports: ["Lbfgs", "addRegularizationGradient"],
    construct: (paramCount) =>
      `this.lbfgs = new Lbfgs(${paramCount}, { lr: ${num(p.lr)}, maxIter: ${num(p.maxIter)}, maxEval: ${num(p.maxEval)}, toleranceGrad: ${num(p.toleranceGrad)}, toleranceChange: ${num(p.toleranceChange)}, historySize: ${num(p.historySize)}, lineSearch: ${str(p.lineSearch)} }, PRECISION);`,
  }),
  // torch.optim.LBFGS needs a closure re-evaluating the loss, which the generated training loop does not have.
  pytorch: () => ({ unsupported: "optimizer `lbfgs`" }),
});
