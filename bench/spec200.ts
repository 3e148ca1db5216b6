/**
 * The 200-line spec of the diagnostics-latency benchmarks (bench/lsp-latency.ts, bench/playground.ts): a valid
 * spec of exactly 200 lines, with constants, a deep model with overrides and comments, and a full train block.
 */
export function spec200(lr: string): string {
  const lines = [
    "# benchmark spec: 200 lines",
    "let hidden = 64",
    "",
    "data {",
    '  train = csv("examples/data/spiral.csv", label = 2, header = true)',
    "  validation = split(train, 0.1)",
    "  preprocess = [standardize(per_feature)]",
    "}",
    "",
    "model {",
    "  input = [2]",
    "  weight_init = he_normal()",
    "",
  ];
  const tail = [
    "  out: dense(3)",
    "  loss = cross_entropy(label_smoothing = 0.05)",
    "}",
    "",
    "train {",
    `  optimizer = adamw(lr = ${lr}, weight_decay = 1e-4)`,
    "  schedule {",
    "    lr = linear(0.1, 1, 50 steps) then cosine(950 steps, min = 1e-5)",
    "  }",
    "  steps = 1000",
    "  batch_size = 32",
    "  seed = 1",
    "  early_stopping { metric = validation.loss  patience = 3 }",
    "}",
  ];
  let i = 0;
  while (lines.length + tail.length < 200) {
    const left = 200 - lines.length - tail.length;
    if (left >= 6) {
      i++;
      lines.push(`  # block ${i}`, `  fc${i}: dense(hidden) {`, "    lr_mult = 1", "  }", "  relu", "  dropout(0.1)");
    } else lines.push("  # padding");
  }
  return [...lines, ...tail].join("\n") + "\n";
}
