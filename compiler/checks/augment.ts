/**
 * Augmentation needs what it transforms: image operations need a [channels, height, width] input,
 * mixup and cutmix need class labels and a cross-entropy loss to take the mixed soft labels.
 */
import { diagnostic } from "../diagnostics.ts";
import type { Rule } from "../context.ts";
import type { BoundCall } from "../bind.ts";
import { setting } from "../settings.ts";

const spatial = new Set(["random_crop", "translate", "hflip", "vflip", "cutout", "cutmix"]);
const mixing = new Set(["mixup", "cutmix"]);

export const augment: Rule = {
  name: "augment",
  run(ctx) {
    const ops = setting<BoundCall[]>(ctx.data, "augment") ?? [];
    const shape = ctx.inputShape;
    for (const op of ops) {
      const name = op.entry.name;
      if (spatial.has(name) && shape !== undefined && shape.length !== 3) {
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
      if (mixing.has(name) && setting<BoundCall>(ctx.data, "train")?.args.get("targets")?.value !== undefined) {
        ctx.out.push(diagnostic("NN4014", `\`${name}\` mixes class labels; this data set has regression targets`, op.call.span));
      }
    }
  },
};
