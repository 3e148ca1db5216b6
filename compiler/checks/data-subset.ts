/** A data source keeps a subset of its rows by count or by share, not both (`limit = N` or `fraction = f`). */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";

export const dataSubset: Rule = {
  name: "data-subset",
  run(ctx) {
    for (const key of ["train", "validation", "test"]) {
      const b = ctx.data?.settings.optional.call(key);
      // `split` keeps a share of the training set; only file sources take a subset.
      if (b === undefined || !b.args.declares("limit") || !b.args.given("limit") || !b.args.given("fraction")) continue;
      ctx.out.push(
        diagnostic(
          "NN3015",
          `\`${key}\` gives both \`limit = ${b.args.number("limit")}\` and \`fraction = ${b.args.number("fraction")}\`; keep one (a row count or a share of the rows)`,
          b.args.span("fraction") ?? b.call.span,
        ),
      );
    }
  },
};
