/**
 * Augmentation needs what it transforms: image operations (and test-time views, `tta`) need a
 * [channels, height, width] input, mixup and cutmix need class labels and a cross-entropy loss to take the
 * mixed soft labels.
 */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";

const spatial = new Set(["random_crop", "translate", "hflip", "vflip", "cutout", "cutmix"]);
const mixing = new Set(["mixup", "cutmix"]);

export const augment: Rule = {
  name: "augment",
  run(ctx) {
    const ops = ctx.data?.settings.optional.calls("augment") ?? [];
    const shape = ctx.inputShape;
    const train = ctx.data?.settings.optional.call("train");
    const regression = train?.entry.name === "csv" && train.args.optional.numbers("targets") !== undefined;
    const views = ctx.data?.settings.optional.calls("tta") ?? [];
    for (const op of [...ops, ...views]) {
      const name = op.entry.name;
      if ((spatial.has(name) || op.entry.role === "view") && shape !== undefined && shape.length !== 3) {
        ctx.out.push(
          diagnostic(
            "NN4011",
            `\`${name}\` needs a [channels, height, width] input, but the model's input is [${shape.join(", ")}]`,
            op.call.span,
          ),
        );
      }
      if (mixing.has(name) && ctx.loss !== undefined && ctx.loss.entry.name !== "cross_entropy") {
        ctx.out.push(
          diagnostic(
            "NN4014",
            `\`${name}\` mixes labels into soft targets, which only \`cross_entropy\` accepts (the loss is \`${ctx.loss.entry.name}\`)`,
            op.call.span,
          ),
        );
      }
      if (mixing.has(name) && regression) {
        ctx.out.push(diagnostic("NN4014", `\`${name}\` mixes class labels; this data set has regression targets`, op.call.span));
      }
    }
  },
};
