/** A data source keeps a subset of its rows by count or by share, not both (`limit = N` or `fraction = f`). */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";
import type { BoundCall } from "../bind.ts";

export const dataSubset: Rule = {
  name: "data-subset",
  run(ctx) {
    for (const key of ["train", "validation", "test"]) {
      const b = ctx.data?.settings.get(key)?.value as BoundCall | undefined;
      const limit = b?.args.get("limit");
      const fraction = b?.args.get("fraction");
      if (limit?.given !== true || fraction?.given !== true) continue;
      ctx.out.push(
        diagnostic(
          "NN3015",
          `\`${key}\` gives both \`limit = ${limit.value}\` and \`fraction = ${fraction.value}\`; keep one (a row count or a share of the rows)`,
          fraction.span,
        ),
      );
    }
  },
};
