/** `split(train, f)` carves the validation set out of the training set; nothing else can be split. */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";
import type { BoundCall } from "../bind.ts";
import type { NameRef } from "../convert.ts";

export const split: Rule = {
  name: "split",
  run(ctx) {
    for (const key of ["train", "validation", "test"]) {
      const s = ctx.data?.settings.get(key);
      const b = s?.value as BoundCall | undefined;
      if (s === undefined || b === undefined || b.entry.name !== "split") continue;
      if (key !== "validation") {
        ctx.out.push(diagnostic("NN2014", `\`split\` makes a validation set; \`${key}\` needs a file source`, b.call.nameSpan));
        continue;
      }
      const from = b.args.get("from");
      const ref = from?.value as NameRef;
      if (ref.path.join(".") !== "train") {
        ctx.out.push(
          diagnostic(
            "NN2014",
            `\`split\` can only split the training set: write \`split(train, ${b.args.get("fraction")?.value})\``,
            from?.span ?? b.call.span,
          ),
        );
      }
    }
  },
};
