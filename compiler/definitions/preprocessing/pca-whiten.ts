import { NUMBER, opt } from "../../registry/params.ts";
import { positive } from "../../registry/range.ts";
import { pyFloat, pyNum } from "../../pytorch/literals.ts";
import { definePreprocessing } from "./definition.ts";

export const pca_whiten = definePreprocessing<{
  readonly kind: "pca_whiten";
  readonly components: number | undefined;
  readonly eps: number;
}>({
  entry: {
    name: "pca_whiten",
    confusedWith: { pca: "pca_whiten(components = k)", whiten: "pca_whiten", zca: "only PCA whitening is supported: pca_whiten" },
    role: "preprocess",
    params: [
      opt("components", { kind: "integer_or_all" }, undefined, "number of principal components kept, or all"),
      opt("eps", NUMBER, 1e-5, "added to the eigenvalues", positive),
    ],
    doc: "PCA whitening: decorrelate the features and give them unit variance.",
    details:
      "Center, rotate into the eigenbasis of the training covariance, keep the top components and divide by " +
      "√(λ + eps) (CS231n). Rare with images; useful on small tabular data.",
  },
  plan: (a) => {
    // `all` and leaving it out both keep every component.
    const components = a.optional.integerOrAll("components");
    return { kind: "pca_whiten", components: components === "all" ? undefined : components, eps: a.number("eps") };
  },
  pytorch: (p) =>
    `{"kind": "pca_whiten", "components": ${p.components === undefined ? "None" : pyNum(p.components)}, "eps": ${pyFloat(p.eps)}}`,
});
