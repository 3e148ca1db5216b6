/** `split(train, f)` carves the validation set out of the training set; nothing else can be split. */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";

export const split: Rule = {
  name: "split",
  run(ctx) {
    for (const key of ["train", "validation", "test"]) {
      const b = ctx.data?.settings.optional.call(key);
      if (b === undefined || b.entry.name !== "split") continue;
      if (key !== "validation") {
        ctx.out.push(diagnostic("NN2014", `\`split\` makes a validation set; \`${key}\` needs a file source`, b.call.nameSpan));
        continue;
      }
      if (b.args.reference("from").path.join(".") !== "train") {
        ctx.out.push(
          diagnostic(
            "NN2014",
            `\`split\` can only split the training set: write \`split(train, ${b.args.number("fraction")})\``,
            b.args.span("from") ?? b.call.span,
          ),
        );
      }
    }
  },
};
