import { describe, expect, it } from "vitest";
import { entriesFor, roleNoun, type Role } from "../../compiler/index.ts";
import { MINIMAL, at, expectDiagnostics } from "./harness.ts";

/** MINIMAL with one registry name swapped for another: where each role's name stands in a spec. */
// Activations stand where layers do: an unknown layer lists both.
const places: Record<Exclude<Role, "metric" | "activation">, { from: string; to: (name: string) => string }> = {
  layer: { from: "fc1: dense(16)", to: (n) => `fc1: ${n}(16)` },
  loss: { from: "cross_entropy()", to: (n) => `${n}()` },
  initializer: { from: "  input = [2]\n", to: (n) => `  input = [2]\n  weight_init = ${n}()\n` },
  optimizer: { from: "adam()", to: (n) => `${n}()` },
  schedule: { from: "  epochs = 10\n", to: (n) => `  epochs = 10\n  schedule { lr = ${n}() }\n` },
  regularizer: { from: "  epochs = 10\n", to: (n) => `  epochs = 10\n  regularize = [${n}(0.1)]\n` },
  noise: { from: "  epochs = 10\n", to: (n) => `  epochs = 10\n  noise = [${n}(0.1)]\n` },
  preprocess: { from: "  validation = split(train, 0.1)\n", to: (n) => `  validation = split(train, 0.1)\n  preprocess = [${n}()]\n` },
  augment: { from: "  validation = split(train, 0.1)\n", to: (n) => `  validation = split(train, 0.1)\n  augment = [${n}()]\n` },
  view: { from: "  validation = split(train, 0.1)\n", to: (n) => `  validation = split(train, 0.1)\n  tta = [${n}()]\n` },
  source: { from: 'csv("data.csv", label = 2)', to: (n) => `${n}("data.csv", label = 2)` },
};

function messageFor(role: keyof typeof places, name: string): string {
  const text = MINIMAL.replace(places[role].from, places[role].to(name));
  const [d] = expectDiagnostics(text, [at(text, "error", "NN2002", name)]);
  return d.message;
}

describe("unknown registry names", () => {
  it("suggests cross_entropy for the lectures' softmax loss, saying why", () => {
    const text = MINIMAL.replace("cross_entropy()", "softmax()");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN2002", "softmax")]);
    expect(d.message).toBe(
      "unknown loss `softmax`; did you mean `cross_entropy`? (the softmax loss is cross_entropy, which applies the softmax to the raw scores itself)",
    );
    expect(d.suggestions).toEqual(["cross_entropy"]);
  });

  it.each([
    ["loss", "svm", "hinge"],
    ["layer", "fully_connected", "dense"],
    ["optimizer", "momentum", "sgd"],
    ["schedule", "warmup", "linear"],
    ["regularizer", "weight_decay", "l2"],
    ["preprocess", "normalize", "standardize"],
    ["augment", "horizontal_flip", "hflip"],
    ["view", "horizontal_flip", "hflip"],
    ["initializer", "gaussian", "normal"],
    ["source", "mnist", "idx"],
  ] as const)("answers the %s `%s` with `%s`", (role, wrong, meant) => {
    expect(messageFor(role, wrong)).toContain(`did you mean \`${meant}\`?`);
  });

  it.each(Object.keys(places) as (keyof typeof places)[])("lists every %s when nothing is near", (role) => {
    const message = messageFor(role, "zzzzqqq");
    const listed = [...message.matchAll(/`([a-z_0-9]+)`/g)].map((m) => m[1]).slice(1);
    const expected = entriesFor(role)
      .filter((e) => e.reserved !== true)
      .map((e) => e.name);
    if (role === "layer") expected.push(...entriesFor("activation").map((e) => e.name));
    expect(message).toContain(`unknown ${roleNoun[role]} \`zzzzqqq\`; the ${roleNoun[role]}s are `);
    expect(listed.sort()).toEqual(expected.sort());
  });

  it("keeps near-spelling suggestions", () => {
    expect(messageFor("optimizer", "adma")).toBe("unknown optimizer `adma`; did you mean `adam`?");
  });
});
