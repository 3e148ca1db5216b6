/**
 * The nn.Module classes of a graph model's nested modules (module-tree.ts): one class per block definition,
 * named after it (`Basic`), whose constructor takes the numbers that differ between the instances
 * (class-parameters.ts: `Basic(in_channels=16, c=32, stride=2, downsample=...)`), as torchvision writes one
 * BasicBlock for a whole ResNet. Instances whose code differs in a way no argument explains get a class per
 * distinct body instead (`Lnconv`, `Lnconv2`), built without arguments from the numbers the checker computed.
 * Branches are classes named after their block and branch (`InceptionB1`). Each docstring names the spec's
 * block and the instances that use the class.
 */
import type { Plan } from "../ir.ts";
import { layerOf } from "../definitions/layers/index.ts";
import { parameterise, skeleton, type Instance } from "./class-parameters.ts";
import { forwardBody } from "./emit-forward.ts";
import { isPlainAttribute, pyComment, pyStr } from "./literals.ts";
import type { TorchModule } from "./module-tree.ts";

/** Names the script already defines or imports, which a class never takes. */
const TAKEN = new Set(
  (
    "Model Run RunState EarlyStopping ValueSchedule DataError CheckpointError TrainingError NncRng Distributed GlobalBatchSampler " +
    "GlobalBatchNorm StochasticDepth DropConnectLinear NAdam Any Dict Iterator List Optional Tuple Union None True False F"
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

/** The expression building a child module: its class with its arguments, or an nn.Sequential of its members, one per line. */
export type Construct = (m: TorchModule, indent: string) => string;

function sequential(m: TorchModule, construct: Construct, indent: string): string {
  const inner = indent + "    ";
  const members = m.nodes.map((n) => (n.kind === "layer" ? layerOf(n.layer).pytorch.module(n.layer) : construct(n.module!, inner)));
  return `nn.Sequential(\n${members.map((c) => `${inner}${c},`).join("\n")}\n${indent})`;
}

/** Whether the module's class takes its shortcut as the `downsample` argument (its block's instances differ in it). */
function takesShortcut(m: TorchModule): boolean {
  return m.nodes.some((n) => n.kind === "shortcut");
}

/** The class body after the `def __init__(...)` line: the members, then forward(). */
export function moduleBody(plan: Plan, m: TorchModule, chain: string, construct: Construct): string[] {
  const init: string[] = [];
  for (const n of m.nodes) {
    const c =
      n.kind === "shortcut"
        ? "downsample"
        : n.kind === "module"
          ? construct(n.module, "        ")
          : layerOf(n.layer).pytorch.module(n.layer);
    if (c !== undefined) init.push(register(n.local, c));
  }
  const ref = (local: string) => (isPlainAttribute(local) ? `self.${local}` : `self._modules[${pyStr(local)}]`);
  return [
    `        super().__init__()`,
    ...(init.length ? init.map((l) => `        ${l}`) : ["        pass"]),
    ``,
    `    def forward(self, x: torch.Tensor) -> torch.Tensor:`,
    ...forwardBody(m, chain, ref).map((l) => `        ${l}`),
  ];
}

function describe(plan: Plan, m: TorchModule, params: readonly string[]): string {
  const s = m.scope;
  const what =
    s.kind === "block"
      ? `${s.block}(${s.args.map((a) => (params.length > 0 ? a.name : `${a.name} = ${a.value}`)).join(", ")})`
      : s.kind === "branch"
        ? `branch ${lastPart(s.path)}${m.block === undefined ? "" : ` of ${m.block.block}`}`
        : s.kind;
  if (params.length === 0) return `${what}: ${shapeOf(plan, m.input)} → ${shapeOf(plan, m.output)}`;
  const size = params.find((p) => p === "in_channels" || p === "in_features");
  return size === undefined ? what : `${what}, ${size} = its input's ${size.slice(3)}`;
}

function height(m: TorchModule): number {
  // A shortcut passed in (`downsample=`) is built by the caller: it does not have to be classed before the block.
  return 1 + Math.max(0, ...m.nodes.map((n) => (n.kind === "module" ? height(n.module) : 0)));
}

function baseName(m: TorchModule): string {
  const own = lastPart(m.scope.path);
  const base =
    m.scope.kind === "block" ? camel(m.scope.block ?? own) : camel(m.block?.block ?? "") + camel(/^\d/.test(own) ? `module_${own}` : own);
  return /^[A-Z]/.test(base) ? base : `Module${base}`;
}

/** What a differing number of an instance's class may be: its input's size, then its block's arguments. */
function candidates(plan: Plan, m: TorchModule): Instance["candidates"] {
  const shape = m.input === -1 ? plan.inputShape : plan.layers[m.input].outputShape;
  const size = { name: shape.length === 3 ? "in_channels" : "in_features", value: String(shape.length === 3 ? shape[0] : shape[0]) };
  const args = m.scope.kind === "block" ? m.scope.args : (m.block?.args ?? []);
  return [size, ...args.filter((a) => a.name !== size.name)];
}

/**
 * The classes of the tree's nested modules, inner ones first, and how the model builds each module. Modules
 * are classed level by level from the leaves, so a class's body already holds its children's constructor calls.
 */
export function emitModuleClasses(plan: Plan, tree: TorchModule): { classes: string[]; construct: Construct } {
  const calls = new Map<TorchModule, { name: string; values: readonly string[]; params: readonly string[] }>();
  const construct: Construct = (m, indent) => {
    if (m.sequential) return sequential(m, construct, indent);
    const call = calls.get(m)!;
    const args = call.params.map((p, i) => `${p}=${call.values[i]}`);
    const shortcut = m.nodes.find((n) => n.kind === "shortcut");
    if (shortcut?.kind === "shortcut" && shortcut.module !== undefined) args.push(`downsample=${construct(shortcut.module, indent)}`);
    return `${call.name}(${args.join(", ")})`;
  };
  const modules: TorchModule[] = [];
  const collect = (m: TorchModule): void => {
    for (const n of m.nodes) if (n.kind !== "layer" && n.module !== undefined) collect(n.module);
    if (m !== tree && !m.sequential) modules.push(m);
  };
  collect(tree);
  const classes: string[] = [];
  const taken = new Set(TAKEN);
  const heights = [...new Set(modules.map(height))].sort((a, b) => a - b);
  for (const h of heights) {
    // Instances of one definition (or one branch of it) with one shape of code, in first-use order.
    const groups = new Map<string, { m: TorchModule; instance: Instance }[]>();
    for (const m of modules.filter((x) => height(x) === h)) {
      const text = moduleBody(plan, m, "out", construct).join("\n");
      const key = `${baseName(m)}\n${takesShortcut(m)}\n${skeleton(text)}`;
      groups.set(key, [...(groups.get(key) ?? []), { m, instance: { text, candidates: candidates(plan, m) } }]);
    }
    for (const group of groups.values()) {
      const shared = parameterise(group.map((g) => g.instance));
      const byText = new Map<string, typeof group>();
      for (const g of group) byText.set(g.instance.text, [...(byText.get(g.instance.text) ?? []), g]);
      const variants = shared !== undefined ? [group] : [...byText.values()];
      for (const variant of variants) {
        const base = baseName(variant[0].m);
        let name = base;
        for (let k = 2; taken.has(name); k++) name = `${base}${k}`;
        taken.add(name);
        const params = shared?.params ?? [];
        variant.forEach((g, k) => calls.set(g.m, { name, params: params.map((p) => p.name), values: shared?.values[k] ?? [] }));
        const signature = [
          "self",
          ...params.map((p) => `${p.name}: ${p.type}`),
          ...(takesShortcut(variant[0].m) ? ["downsample: Optional[nn.Module] = None"] : []),
        ];
        const users = variant.map((g) => g.m.scope.path);
        const used = users.length <= 4 ? users.join(", ") : `${users.slice(0, 3).join(", ")} and ${users.length - 3} more`;
        const doc = `${describe(
          plan,
          variant[0].m,
          params.map((p) => p.name),
        )}. Used by ${used}.`;
        classes.push(
          [
            `class ${name}(nn.Module):`,
            `    """${docText(doc)}"""`,
            ``,
            `    def __init__(${signature.join(", ")}) -> None:`,
            shared?.text ?? variant[0].instance.text,
          ].join("\n"),
        );
      }
    }
  }
  return { classes, construct };
}
