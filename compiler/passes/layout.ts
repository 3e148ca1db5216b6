/** Pass `layout`: places every tensor in the flat params or stats buffer and groups the optimizer's ranges (codegen/layout.ts). */
import { computeLayout } from "../codegen/layout.ts";
import { expectStage, type Pass } from "./ir.ts";

export const layoutPass: Pass = {
  name: "layout",
  summary: "place each tensor in the flat params/stats buffers (state_dict order) and group the optimizer's update ranges",
  run(input) {
    const { plan } = expectStage(input, "plan", "layout");
    return { stage: "layout", plan, layout: computeLayout(plan) };
  },
};
