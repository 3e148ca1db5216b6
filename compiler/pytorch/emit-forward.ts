/**
 * A module's forward() as a person writes it: the value flowing through the module lives in one variable
 * (`x` in the model, `out` in a block, as torchvision's BasicBlock), a value still needed after that variable
 * moves on is kept under a name first (`identity = x`), a branch's result is named after the branch
 * (`b1 = self.b1(x)`) and a projection shortcut's is `identity`; merges read those names
 * (`out = out + identity`, `torch.cat((b1, b2, x), dim=1)`). Layer definitions write their line as
 * `x = f(x)`; `rebind` points it at the module's variables.
 */
import { layerOf } from "../definitions/layers/index.ts";
import { isPlainAttribute } from "./literals.ts";
import type { ModuleNode, TorchModule } from "./module-tree.ts";

/** Names a branch's value never takes: the module's own variables and what the script imports. */
const RESERVED = new Set(["x", "out", "self", "torch", "nn", "F", "np", "math", "os", "sys", "dist", "lr_scheduler"]);

/**
 * `x = <expr reading x>` → `<target> = <expr reading input>`: every `x` that is a name of its own (not an
 * attribute after a dot, not inside a string literal, not in the trailing comment) becomes `input`.
 */
export function rebind(line: string, input: string, target: string): string {
  if (!line.startsWith("x = ")) throw new Error(`internal: a PyTorch forward line does not assign x: ${line}`);
  const expr = line.slice(4);
  let out = "";
  let i = 0;
  while (i < expr.length) {
    const ch = expr[i];
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < expr.length && expr[j] !== ch) j += expr[j] === "\\" ? 2 : 1;
      out += expr.slice(i, j + 1);
      i = j + 1;
    } else if (ch === "#") {
      out += expr.slice(i);
      break;
    } else if (/[A-Za-z_]/.test(ch)) {
      let j = i;
      while (j < expr.length && /\w/.test(expr[j])) j++;
      const word = expr.slice(i, j);
      out += word === "x" && !out.trimEnd().endsWith(".") ? input : word;
      i = j;
    } else {
      out += ch;
      i++;
    }
  }
  return `${target} = ${out}`;
}

/** The forward() body lines of `m` (without the `def`), `chain` being the variable the main path flows in. */
export function forwardBody(m: TorchModule, chain: string, ref: (local: string) => string): string[] {
  const vars = new Map<number, string>([[m.input, "x"]]);
  const holds = new Map<string, number>([["x", m.input]]);
  const consumers = new Map<number, ModuleNode[]>();
  const pending = new Map<number, number>([[m.output, 1]]);
  for (const n of m.nodes) {
    for (const v of n.inputs) {
      consumers.set(v, [...(consumers.get(v) ?? []), n]);
      pending.set(v, (pending.get(v) ?? 0) + 1);
    }
  }
  const taken = new Set<string>(["x", chain]);
  const fresh = (base: string): string => {
    let name = base;
    for (let k = 2; taken.has(name) || RESERVED.has(name) || !isPlainAttribute(name); k++) name = `${base}${k}`;
    taken.add(name);
    return name;
  };
  const lines: string[] = [];
  m.nodes.forEach((n, at) => {
    const args = n.inputs.map((v) => {
      const name = vars.get(v);
      if (name === undefined) throw new Error(`internal: ${n.local} reads a value the module has not computed`);
      pending.set(v, (pending.get(v) ?? 0) - 1);
      return name;
    });
    const mergedOnly = (consumers.get(n.output) ?? []).every((c) => c.inputs.length > 1);
    const target =
      n.kind === "shortcut"
        ? fresh("identity")
        : n.kind === "module" && n.module.scope.kind === "branch" && mergedOnly
          ? fresh(n.module.shortcut ? "identity" : isPlainAttribute(n.local) ? n.local : "branch")
          : chain;
    const held = holds.get(target);
    if (held !== undefined && (pending.get(held) ?? 0) > 0) {
      // The variable moves on while its value is still needed (a residual's input): keep it under a name first.
      const later = (consumers.get(held) ?? []).filter((c) => m.nodes.indexOf(c) > at);
      const keep = fresh(later.every((c) => c.kind === "layer" && c.layer.kind === "add") ? "identity" : "saved");
      lines.push(`${keep} = ${target}`);
      vars.set(held, keep);
      holds.set(keep, held);
    }
    if (n.kind === "shortcut") lines.push(`${target} = ${args[0]} if ${ref(n.local)} is None else ${ref(n.local)}(${args[0]})`);
    else if (n.kind === "module") lines.push(`${target} = ${ref(n.local)}(${args[0]})`);
    else {
      const line = layerOf(n.layer).pytorch.forward(n.layer, ref(n.local), args);
      lines.push(n.inputs.length > 1 ? rebind(line, "x", target) : rebind(line, args[0], target));
    }
    vars.set(n.output, target);
    holds.set(target, n.output);
  });
  lines.push(`return ${vars.get(m.output)}`);
  return lines;
}
