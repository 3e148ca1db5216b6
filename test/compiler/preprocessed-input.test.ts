import { describe, expect, it } from "vitest";
import { at, checkText, expectDiagnostics } from "./harness.ts";

/** A spec whose preprocessing keeps 3 of the data's 8 features (test/train/pca-input.test.ts trains it). */
const spec = (input: string) => `data {
  train = csv("train.csv", label = 8)
  preprocess = [pca_whiten(components = 3)]
}
model {
  ${input}
  fc1: dense(32)
  relu
  out: dense(4)
  loss = cross_entropy()
}
train {
  optimizer = adam(lr = 0.01)
  epochs = 8
}
`;

describe("pca_whiten(components = k) and the model's input", () => {
  it("NN4019: an input of the data's width is reported at `input`, saying what the preprocessing leaves", () => {
    const text = spec("input = [8]");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN4019", "[8]")]);
    expect(d.message).toBe(
      "`input = [8]` (8 features) does not match the preprocessing: `pca_whiten(components = 3)` leaves 3 features per row, which is the model's input; write `input = [3]` or leave `input` out",
    );
  });

  it("infers input = [k] when the spec leaves it out, and accepts input = [k]", () => {
    expect(checkText(spec("")).plan?.inputShape).toEqual([3]);
    expect(checkText(spec("input = [3]")).diagnostics).toEqual([]);
  });
});
