/**
 * The last layer's output must match the task: one score per class (`classes`) for classification, one
 * value per target column for regression; classification losses need labels.
 */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";

export const outputSize: Rule = {
  name: "output-size",
  run(ctx) {
    const last = ctx.layers[ctx.layers.length - 1];
    const train = ctx.data?.settings.optional.call("train");
    if (last === undefined || ctx.loss === undefined || !ctx.layersComplete) return;
    const out = last.plan.outputSize;
    const targets = train?.entry.name === "csv" ? train.args.optional.numbers("targets") : undefined;
    const classes = ctx.data?.settings.given("classes") === true ? ctx.data.settings.optional.number("classes") : undefined;
    const lossName = ctx.loss.entry.name;
    if (targets !== undefined && targets.length > 0) {
      if (lossName !== "mse") {
        ctx.out.push(
          diagnostic(
            "NN4005",
            `\`${lossName}\` needs class labels, but the data has regression targets; use mse, or csv(label = ...)`,
            ctx.loss.call.span,
          ),
        );
      } else if (out !== targets.length) {
        ctx.out.push(
          diagnostic(
            "NN4005",
            `the model outputs ${out} values but the data has ${targets.length} target column${targets.length === 1 ? "" : "s"}`,
            last.callSpan,
          ),
        );
      }
      return;
    }
    for (const key of ["train", "validation", "test"]) {
      const source = ctx.data?.settings.optional.call(key);
      const given = source?.args.declares("classes") ? source.args.optional.classes("classes") : undefined;
      if (given === undefined) continue;
      if (Array.isArray(given) && out !== given.length) {
        const list = given as readonly number[];
        ctx.out.push(
          diagnostic(
            "NN4005",
            `the model outputs ${out} scores but the ${key} data keeps ${list.length} classes (\`classes = [${list.join(", ")}]\`)`,
            last.callSpan,
          ),
        );
        return;
      }
      if (typeof given === "number" && out !== given) {
        ctx.out.push(
          diagnostic(
            "NN4005",
            `the model outputs ${out} scores but the ${key} data has \`classes = ${given}\`: the last layer needs one output per class`,
            last.callSpan,
          ),
        );
        return;
      }
    }
    if (classes !== undefined && out !== classes) {
      ctx.out.push(
        diagnostic(
          "NN4005",
          `the model outputs ${out} scores but \`classes = ${classes}\`: the last layer needs one output per class`,
          last.callSpan,
        ),
      );
    }
  },
};
