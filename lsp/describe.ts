/** How registry entries and parameters are shown in completion details and hovers. */
import type { DefaultValue, ParamSpec, ParamType, RegistryEntry } from "../compiler/index.ts";
import { roleNoun } from "../compiler/index.ts";

export function typeText(type: ParamType): string {
  switch (type.kind) {
    case "enum":
      return type.values.join(" | ");
    case "call":
      return roleNoun[type.role];
    case "calls":
      return `[${roleNoun[type.role]}, ...]`;
    case "numbers":
    case "integers":
    case "durations":
      return `[${type.kind.slice(0, -1)}, ...]`;
    case "references":
      return "[layer, ...]";
    case "integer_or_all":
      return "integer | all";
    case "classes":
      return "integer | [integer, ...]";
    case "size2d":
      return "integer | [h, w]";
    default:
      return type.kind;
  }
}

export function defaultText(d: DefaultValue): string {
  if (Array.isArray(d)) return `[${d.join(", ")}]`;
  if (typeof d === "object" && d !== null && "amount" in d) return `${d.amount} ${d.unit}`;
  return String(d);
}

/** `number = 0.001, in (0, ∞)` — the type, the default and the valid range of one parameter. */
export function paramDetail(p: ParamSpec): string {
  let s = typeText(p.type);
  if (p.required === true) s += ", required";
  else if (p.default !== undefined) s += ` = ${defaultText(p.default)}`;
  if (p.range !== undefined) s += `, in ${p.range.text}`;
  return s;
}

/** `adam(lr = 0.001, betas = [0.9, 0.999], ...)` */
export function signature(e: RegistryEntry): string {
  const params = e.params.map((p) => (p.required === true || p.default === undefined ? p.name : `${p.name} = ${defaultText(p.default)}`));
  return `${e.name}(${params.join(", ")})`;
}

/** The hover text of an entry: signature, one-line doc, formula and advice, and each parameter. */
export function entryMarkdown(e: RegistryEntry): string {
  const lines = ["```nn", signature(e), "```", `*${roleNoun[e.role]}* — ${e.doc}`, "", e.details];
  if (e.aliases !== undefined && e.aliases.length > 0) lines.push("", `Also written: ${e.aliases.map((a) => `\`${a}\``).join(", ")}`);
  if (e.params.length > 0) {
    lines.push("", "| parameter | type, default, range | |", "|---|---|---|");
    for (const p of e.params) lines.push(`| \`${p.name}\` | ${paramDetail(p).replace(/\|/g, "\\|")} | ${p.doc} |`);
  }
  return lines.join("\n");
}

export function paramMarkdown(p: ParamSpec, owner: string): string {
  return [`\`${p.name}\` of \`${owner}\`: ${paramDetail(p)}`, "", p.doc].join("\n");
}
