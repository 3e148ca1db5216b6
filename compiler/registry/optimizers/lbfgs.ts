import type { RegistryEntry } from "../types.ts";
import { INTEGER, NUMBER, oneOf, opt } from "../params.ts";
import { atLeastOne, nonNegative, positive } from "../range.ts";

export const lbfgs: RegistryEntry = {
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
};
