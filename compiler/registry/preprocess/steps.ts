import type { RegistryEntry } from "../types.ts";
import { NUMBER, oneOf, opt, req } from "../params.ts";
import { positive } from "../range.ts";

const over = oneOf("global", "per_feature", "per_channel");

export const scale: RegistryEntry = {
  name: "scale",
  confusedWith: { rescale: "scale(factor)" },
  role: "preprocess",
  params: [req("factor", NUMBER, "multiplier, e.g. 1/255")],
  doc: "Multiply every input by a constant.",
  details: "x ← factor·x. Typically 1/255 to bring pixel values into [0, 1].",
};

export const meanSubtract: RegistryEntry = {
  name: "mean_subtract",
  confusedWith: { center: "mean_subtract", zero_center: "mean_subtract" },
  role: "preprocess",
  params: [req("over", over, "statistic granularity: global, per_feature or per_channel")],
  doc: "Subtract the training-set mean.",
  details:
    "x ← x − μ, μ computed on the training set only (CS231n: computing it over all data leaks test " +
    "information). Zero-centred inputs avoid all-same-sign gradients in the first layer.",
};

export const standardize: RegistryEntry = {
  name: "standardize",
  confusedWith: {
    normalize: "standardize subtracts the mean and divides by the standard deviation",
    zscore: "standardize",
    z_score: "standardize",
  },
  role: "preprocess",
  params: [
    req("over", over, "statistic granularity: global, per_feature or per_channel"),
    opt("eps", NUMBER, 1e-8, "added to the std", positive),
  ],
  doc: "Subtract the training-set mean and divide by its standard deviation.",
  details: "x ← (x − μ)/(σ + eps), with μ and σ from the training set only. Puts every input on a comparable scale.",
};

export const pcaWhiten: RegistryEntry = {
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
};
