/**
 * The nn.Module classes of a graph model's nested modules (module-tree.ts). A class is written once per
 * distinct instantiation: instances of a block that build the same layers (every `basic(64)` of a stage)
 * share one class, named after the block (`Basic`); an instance with other sizes (the stride-2 first block
 * of the next stage) gets the next name (`Basic2`). Constructors take no arguments — the sizes are the
 * numbers the checker computed, the same the TypeScript target uses — and each class's docstring names the
 * spec's call and the instances that use it. Branches are named after their block and branch (`InceptionB1`).
 */
import type { Plan } from "../ir.ts";
import { layerOf } from "../definitions/layers/index.ts";
import { forwardBody } from "./emit-forward.ts";
import { isPlainAttribute, pyComment, pyStr } from "./literals.ts";
import type { TorchModule } from "./module-tree.ts";

/** Names the script already defines or imports, which a class never takes. */
const TAKEN = new Set(
  (
    "Model Run RunState EarlyStopping ValueSchedule DataError CheckpointError TrainingError NncRng Distributed GlobalBatchSampler " +
    "GlobalBatchNorm StochasticDepth DropConnectLinear NAdam Any Dict Iterator List Optional Tuple Union None True False"
  ).split(" "),
);

/** `basic` → `Basic`, `res_unit` → `ResUnit` (spec names are identifiers: letters, digits, underscores). */
function camel(name: string): string {
  return name
    .split("_")
    .filter((p) => p !== "")
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join("");
}

function lastPart(path: string): string {
  return path.slice(path.lastIndexOf(".") + 1);
}

/** Text safe inside a `"""` docstring: no line breaks, backslashes and quotes escaped. */
function docText(text: string): string {
  return pyComment(text).replace(/\\/g, "\\\\").replace(/"/g, '\\"');
}

function shapeOf(plan: Plan, value: number): string {
  return `[${(value === -1 ? plan.inputShape : plan.layers[value].outputShape).join(", ")}]`;
}

/** `self.conv1 = nn.Conv2d(...)`; a name that cannot be an attribute goes into `_modules` by its state_dict key. */
function register(local: string, construct: string): string {
  return isPlainAttribute(local)
    ? `self.${local} = ${construct}`
    : `self._modules[${pyStr(local)}] = ${construct}  # not an attribute name`;
}

/** The expression building a child module: its class, or an nn.Sequential of its members, one per line. */
function construct(m: TorchModule, names: ReadonlyMap<TorchModule, string>, indent: string): string {
  if (!m.sequential) return `${names.get(m)}()`;
  const inner = indent + "    ";
  const members = m.nodes.map((n) => (n.kind === "module" ? construct(n.module, names, inner) : layerOf(n.layer).pytorch.module(n.layer)));
  return `nn.Sequential(\n${members.map((c) => `${inner}${c},`).join("\n")}\n${indent})`;
}

/** The class body (at class indentation): __init__ registering the members, then forward(). */
export function moduleBody(plan: Plan, m: TorchModule, chain: string, names: ReadonlyMap<TorchModule, string>): string[] {
  const init: string[] = [];
  for (const n of m.nodes) {
    const c = n.kind === "module" ? construct(n.module, names, "        ") : layerOf(n.layer).pytorch.module(n.layer);
    if (c !== undefined) init.push(register(n.local, c));
  }
  const ref = (local: string) => (isPlainAttribute(local) ? `self.${local}` : `self._modules[${pyStr(local)}]`);
  return [
    `    def __init__(self) -> None:`,
    `        super().__init__()`,
    ...(init.length ? init.map((l) => `        ${l}`) : ["        pass"]),
    ``,
    `    def forward(self, x: torch.Tensor) -> torch.Tensor:`,
    ...forwardBody(m, chain, ref).map((l) => `        ${l}`),
  ];
}

function describe(plan: Plan, m: TorchModule): string {
  const s = m.scope;
  const what =
    s.kind === "block"
      ? `${s.block}(${s.args.map((a) => `${a.name} = ${a.value}`).join(", ")})`
      : s.kind === "branch"
        ? `branch ${lastPart(s.path)}${m.block === undefined ? "" : ` of ${m.block}`}`
        : s.kind;
  return `${what}: ${shapeOf(plan, m.input)} → ${shapeOf(plan, m.output)}`;
}

/** The classes of the tree's nested modules, inner ones first, and the class name of every module that has one. */
export function emitModuleClasses(plan: Plan, tree: TorchModule): { classes: string[]; names: Map<TorchModule, string> } {
  const names = new Map<TorchModule, string>();
  const byBody = new Map<string, { name: string; users: string[]; doc: string; body: string[] }>();
  const taken = new Set(TAKEN);
  const visit = (m: TorchModule): void => {
    for (const n of m.nodes) if (n.kind === "module") visit(n.module);
    if (m === tree || m.sequential) return;
    const body = moduleBody(plan, m, "out", names);
    const doc = describe(plan, m);
    const key = `${doc}\n${body.join("\n")}`;
    let entry = byBody.get(key);
    if (entry === undefined) {
      const own = lastPart(m.scope.path);
      const base =
        m.scope.kind === "block" ? camel(m.scope.block ?? own) : camel(m.block ?? "") + camel(/^\d/.test(own) ? `module_${own}` : own);
      let name = /^[A-Z]/.test(base) ? base : `Module${base}`;
      for (let k = 2; taken.has(name); k++) name = `${base}${k}`;
      taken.add(name);
      entry = { name, users: [], doc, body };
      byBody.set(key, entry);
    }
    entry.users.push(m.scope.path);
    names.set(m, entry.name);
  };
  visit(tree);
  const classes = [...byBody.values()].map((c) => {
    const users = c.users.length <= 4 ? c.users.join(", ") : `${c.users.slice(0, 3).join(", ")} and ${c.users.length - 3} more`;
    return [`class ${c.name}(nn.Module):`, `    """${docText(`${c.doc}. Used by ${users}.`)}"""`, ``, ...c.body].join("\n");
  });
  return { classes, names };
}
