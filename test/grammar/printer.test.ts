import { describe, expect, it } from "vitest";
import { formatSource, parse, print, type File } from "../../grammar/index.ts";
import { csvRegression, fashionMnist } from "./samples.ts";

/** The tree without spans: formatting must not change anything else. */
function shape(file: File): unknown {
  return JSON.parse(JSON.stringify(file.statements, (k, v) => (k === "span" ? undefined : v)));
}
function format(text: string): string {
  const { output, diagnostics } = formatSource(text);
  expect(diagnostics).toEqual([]);
  return output as string;
}

const inputs: Record<string, string> = {
  fashionMnist,
  csvRegression,
  comments: "# head\n\n\n# second\nx = 1 # one\n# before y\ny = 2\n\n# tail\n",
  blockComments: "model { # opens\n  # inside\n  relu # act\n  fc: dense(3) { # layer\n  } # closed\n}  # end\n",
  commentsInsideArgs: 'data {\n  train = idx("a",  # images\n              "b")  # labels\n}\n',
  operators: "x = (1 + 2) * 3 - -4 ^ -2 ^ (5 / 6) then a for 2 steps then (b then c)",
  longLists: `metrics = [${Array.from({ length: 30 }, (_, i) => `m${i}`).join(", ")}]\nopt = adam(lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weight_decay = 0.0001, amsgrad = false, x = 1)`,
  emptyAndSeparators: "model {}; data {\n}, train { ; }\n",
  strings: String.raw`path = "a \"quoted\" \\ path\twith\ttabs\n"`,
};

describe("formatter", () => {
  it("formats a messy file to the canonical text", () => {
    const messy = [
      "  # recipe",
      "let   hidden=256;let rate = 1/255",
      "model{input=[784]",
      "fc1 : dense( hidden,bias=false ){lr_mult=0.5}   # first",
      "",
      "",
      "",
      "relu dropout(0.2)",
      "  loss=cross_entropy(label_smoothing=0.1)}",
      "train{schedule{lr=linear(0.01,1.0,500 steps)then cosine(19 epochs,min=1e-5)}",
      "epochs=20}",
    ].join("\n");
    const canonical = [
      "# recipe",
      "let hidden = 256",
      "let rate = 1 / 255",
      "model {",
      "  input = [784]",
      "  fc1: dense(hidden, bias = false) {",
      "    lr_mult = 0.5",
      "  }  # first",
      "",
      "  relu",
      "  dropout(0.2)",
      "  loss = cross_entropy(label_smoothing = 0.1)",
      "}",
      "train {",
      "  schedule {",
      "    lr = linear(0.01, 1.0, 500 steps) then cosine(19 epochs, min = 1e-5)",
      "  }",
      "  epochs = 20",
      "}",
      "",
    ].join("\n");
    expect(format(messy)).toBe(canonical);
  });

  it("breaks a call that would pass 100 columns one argument per line with a trailing comma", () => {
    const out = format(inputs.fashionMnist);
    expect(out).toContain(
      [
        "  train = idx(",
        '    "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz",',
        '    "/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz",',
        "  )",
      ].join("\n"),
    );
    for (const line of format(inputs.longLists).split("\n")) expect(line.length).toBeLessThanOrEqual(100);
  });

  it("keeps every comment: own-line before its statement, trailing at the end of its line", () => {
    expect(format(inputs.blockComments)).toBe(
      ["model {  # opens", "  # inside", "  relu  # act", "  fc: dense(3) {  # layer", "  }  # closed", "}  # end", ""].join("\n"),
    );
    expect(format(inputs.comments)).toBe("# head\n\n# second\nx = 1  # one\n# before y\ny = 2\n\n# tail\n");
    const out = format(inputs.commentsInsideArgs);
    expect(out).toContain("# images");
    expect(out).toContain('train = idx("a", "b")  # labels');
  });

  it("prints numbers as written and strings re-escaped", () => {
    expect(format("x = [.5, 1e-3, 2.5E+4, 1.0]")).toBe("x = [.5, 1e-3, 2.5E+4, 1.0]\n");
    expect(format(inputs.strings)).toBe(inputs.strings + "\n");
  });

  it("adds no parentheses the tree does not need and keeps the written ones", () => {
    expect(format(inputs.operators)).toBe("x = (1 + 2) * 3 - -4 ^ -2 ^ (5 / 6) then a for 2 steps then (b then c)\n");
  });

  for (const [name, text] of Object.entries(inputs)) {
    it(`is idempotent and keeps the tree (${name})`, () => {
      const once = format(text);
      expect(format(once)).toBe(once);
      expect(shape(parse(once).file)).toEqual(shape(parse(text).file));
      expect(once.endsWith("\n") && !once.endsWith("\n\n")).toBe(true);
    });
  }

  it("never rewrites a file with syntax errors", () => {
    const { output, diagnostics } = formatSource("model { relu ]");
    expect(output).toBeUndefined();
    expect(diagnostics.length).toBeGreaterThan(0);
  });

  it("prints an empty file as empty text", () => {
    expect(print(parse("").file)).toBe("");
    expect(format("# only a comment")).toBe("# only a comment\n");
  });
});
