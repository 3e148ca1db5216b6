import { NUMBER, req } from "../../registry/params.ts";
import { pyFloat } from "../../pytorch/literals.ts";
import { definePreprocessing } from "./definition.ts";

export const scale = definePreprocessing<{ readonly kind: "scale"; readonly factor: number }>({
  entry: {
    name: "scale",
    confusedWith: { rescale: "scale(factor)" },
    role: "preprocess",
    params: [req("factor", NUMBER, "multiplier, e.g. 1/255")],
    doc: "Multiply every input by a constant.",
    details: "x ← factor·x. Typically 1/255 to bring pixel values into [0, 1].",
  },
  plan: (a) => ({ kind: "scale", factor: a.number("factor") }),
  pytorch: (p) => `{"kind": "scale", "factor": ${pyFloat(p.factor)}}`,
});
