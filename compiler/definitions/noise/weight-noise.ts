import { NUMBER, oneOf, opt, req } from "../../registry/params.ts";
import { positive } from "../../registry/range.ts";
import { slotOf } from "../../codegen/layout.ts";
import { commentText } from "../../codegen/literals.ts";
import { defineNoise } from "./definition.ts";

export const weight_noise = defineNoise({
  entry: {
    name: "weight_noise",
    role: "noise",
    params: [
      req("std", NUMBER, "standard deviation of the noise added to each parameter", positive),
      opt("on", oneOf("weights", "biases", "all"), "weights", "which parameters are perturbed"),
    ],
    doc: "Gaussian noise on the parameters for each training step's forward and backward pass (not kept).",
    details:
      "Each training batch runs forward and backward at w + ε, ε ~ N(0, std²) per parameter, fresh for every batch " +
      "and drawn from the run's seeded generator; the update is then applied to the noise-free w (the noise is not kept). " +
      "This is the standard weight-noise regularizer (Jim, Giles & Horne 1996; Graves 2011; Goodfellow et al., " +
      "Deep Learning §7.5): it favours flat minima where small weight changes do not change the loss. Evaluation, " +
      "checkpoints and predictions use the noise-free weights. Frozen layers are not perturbed. " +
      "`schedule { weight_noise = S }` scales std.",
  },
  field: "weightNoise",
  plan: (a, tensors) => ({ std: a.number("std"), tensors: tensors(a.string<"weights" | "biases" | "all">("on")) }),
  typescript: (wn, _model, layout) => {
    // Each perturbed tensor saves its noise-free values in its own range of one buffer.
    const slots = wn.tensors.map((name) => slotOf(layout, name)).filter((s) => s !== undefined);
    const perturb = [
      `const P = this.params;`,
      `const saved = this.weightNoiseSaved;`,
      `const std = this.weightNoiseAt(this.step, this.epoch);`,
    ];
    const restore = [`const P = this.params;`, `const saved = this.weightNoiseSaved;`];
    let savedSize = 0;
    for (const s of slots) {
      perturb.push(`perturbWeights(P, ${s.offset}, ${s.size}, saved, ${savedSize}, std, this.rng); // ${commentText(s.name)}`);
      restore.push(`restoreWeights(P, ${s.offset}, ${s.size}, saved, ${savedSize});`);
      savedSize += s.size;
    }
    return {
      imports: ["perturbWeights", "restoreWeights"],
      savedSize,
      scale: { method: "weightNoiseAt", base: wn.std, scheduleKey: "weight_noise" },
      perturbBody: perturb.join("\n"),
      restoreBody: restore.join("\n"),
      updateLines: [],
    };
  },
});
