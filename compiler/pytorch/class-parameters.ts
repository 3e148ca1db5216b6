/**
 * One class for the instances of a block definition, as torchvision writes one BasicBlock for every block of
 * a ResNet: the instances' generated class bodies are compared number by number, and a number that differs
 * between instances becomes a constructor argument — the block's own parameter whose value it equals in every
 * instance (`stride`), the input's channels (`in_channels`), or a whole multiple of a parameter (`c * 4`).
 * Numbers that agree stay literals. Instances whose bodies differ in anything else, or in a number no
 * argument explains, are not merged (the caller writes one class per distinct body instead).
 */
import { isPlainAttribute, pyNum } from "./literals.ts";

/** A number of generated code: not part of a name (`conv1`, `Basic2`) or an attribute (`x.flatten`). */
const NUMBER = /(?<![\w.])\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\w.])/g;

/** Names a constructor argument never takes (they are the script's imports or the class's own words). */
const RESERVED = new Set(["self", "x", "out", "identity", "torch", "nn", "F", "np", "math", "downsample", "in_channels", "in_features"]);
const RESERVED_TOO = new Set(["Optional", "super", "int", "float", "None", "True", "False"]);

export interface Instance {
  /** The class body as generated with this instance's numbers. */
  readonly text: string;
  /** What a differing number may be: the input's size (`in_channels`), then the block's arguments, in order. */
  readonly candidates: readonly { readonly name: string; readonly value: string }[];
}

export interface Parameterised {
  /** The shared body, its differing numbers replaced by argument expressions. */
  readonly text: string;
  /** The constructor's arguments, in candidate order, with their Python type. */
  readonly params: readonly { readonly name: string; readonly type: "int" | "float" }[];
  /** Per instance, the value of each argument (Python literals), in `params` order. */
  readonly values: readonly (readonly string[])[];
}

export function skeleton(text: string): string {
  return text.replace(NUMBER, "#");
}

/** The shared class of instances with one skeleton, or undefined when a differing number has no argument that explains it. */
export function parameterise(instances: readonly Instance[]): Parameterised | undefined {
  const slots = instances.map((i) => [...i.text.matchAll(NUMBER)].map((m) => m[0]));
  const names = instances[0].candidates.map((c) => c.name);
  if (instances.some((i) => i.candidates.map((c) => c.name).join() !== names.join())) return undefined;
  const valueOf = (k: number, name: string) => Number(instances[k].candidates.find((c) => c.name === name)?.value);
  const used = new Set<string>();
  const expressions: string[] = [];
  for (let s = 0; s < slots[0].length; s++) {
    const values = slots.map((v) => Number(v[s]));
    if (values.every((v) => v === values[0])) {
      expressions.push(slots[0][s]);
      continue;
    }
    let found: string | undefined;
    // The block's own arguments first (`c` rather than `in_channels` when both fit), the input's size last.
    for (const name of [...names.slice(1), names[0]]) {
      if (values.every((v, k) => v === valueOf(k, name))) found = name;
      else {
        const factor = values[0] / valueOf(0, name);
        if (Number.isInteger(factor) && factor >= 2 && values.every((v, k) => v === factor * valueOf(k, name)))
          found = `${name} * ${factor}`;
      }
      if (found !== undefined) {
        used.add(name);
        break;
      }
    }
    if (found === undefined) return undefined;
    expressions.push(found);
  }
  const params = names.filter((n) => used.has(n));
  // A parameter must not shadow what the body reads: the script's imports and classes (capitalised), `self`, `x`.
  const shadows = (n: string) => /^[A-Z]/.test(n) || RESERVED_TOO.has(n) || (RESERVED.has(n) && n !== "in_channels" && n !== "in_features");
  if (params.some((n) => !isPlainAttribute(n) || shadows(n))) return undefined;
  let at = 0;
  return {
    text: instances[0].text.replace(NUMBER, () => expressions[at++]),
    params: params.map((name) => ({
      name,
      type: instances.every((_, k) => Number.isInteger(valueOf(k, name))) ? ("int" as const) : ("float" as const),
    })),
    values: instances.map((_, k) => params.map((name) => pyNum(valueOf(k, name)))),
  };
}
