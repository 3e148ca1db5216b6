/** A csv source says where its answers are: a label column (classes) or target columns (regression). */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";

export const csvColumns: Rule = {
  name: "csv-columns",
  run(ctx) {
    const tasks = new Set<string>();
    for (const key of ["train", "validation", "test"]) {
      const b = ctx.data?.settings.optional.call(key);
      if (b?.entry.name !== "csv") continue;
      const label = b.args.optional.number("label");
      const targets = b.args.optional.numbers("targets");
      if ((label === undefined) === (targets === undefined)) {
        const what = label === undefined ? "neither was given" : "both were given";
        ctx.out.push(
          diagnostic(
            "NN3012",
            `csv needs exactly one of \`label = COLUMN\` (classes) or \`targets = [COLUMNS]\` (regression); ${what}`,
            b.call.span,
          ),
        );
        continue;
      }
      if (targets !== undefined && targets.length === 0) {
        ctx.out.push(diagnostic("NN3012", "`targets` needs at least one column", b.args.span("targets") ?? b.call.span));
      }
      tasks.add(label !== undefined ? "classification" : "regression");
    }
    if (tasks.size > 1) {
      ctx.out.push(
        diagnostic("NN3012", "the data sets disagree: some have a `label`, others `targets`", ctx.data?.nameSpan ?? ctx.fileStart),
      );
    }
  },
};
