import { PATH, req } from "../../registry/params.ts";
import { defineFileSource } from "./definition.ts";
import { classesParam, subsetParams } from "./rows.ts";

export const idx = defineFileSource<"idx">({
  kind: "file",
  entry: {
    name: "idx",
    confusedWith: { mnist: "MNIST files are read with idx(images, labels)", ubyte: "idx(images, labels)" },
    role: "source",
    params: [
      req("images", PATH, "IDX images file (.gz allowed)"),
      req("labels", PATH, "IDX labels file (.gz allowed)"),
      classesParam,
      ...subsetParams,
    ],
    doc: "MNIST-style IDX files: images and labels.",
    details:
      "Reads the IDX format of MNIST and Fashion-MNIST; gzip is detected by its magic bytes. Pixels become features. " +
      "`limit = N` or `fraction = f` keeps a seeded subset of the rows, stratified by class (train.seed).",
  },
  plan: (a, rows, span) => ({ kind: "idx", images: a.string("images"), labels: a.string("labels"), ...rows, span }),
  typescript: (p, path) => ({ loader: "loadIdx", load: `await loadIdx(${path(p.images)}, ${path(p.labels)})` }),
  pytorch: (p, path) => `load_idx(${path(p.images)}, ${path(p.labels)})`,
});
