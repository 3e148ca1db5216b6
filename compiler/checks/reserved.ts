/** Settings the language reserves for later versions. */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";

export const reserved: Rule = {
  name: "reserved",
  run(ctx) {
    const augment = ctx.data?.settings.get("augment");
    if (augment?.given === true) ctx.out.push(diagnostic("NN4003", "`augment` is not supported yet (planned for a later version)", augment.keySpan));
  },
};
