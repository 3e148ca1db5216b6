/**
 * The file's `block name(params) { … }` definitions by name. A block may be defined once, at the top level,
 * under a name that is not a layer's, an activation's or one of the structural words.
 */
import type { BlockDefinition, File } from "../../grammar/ast.ts";
import type { Diagnostic } from "../../grammar/span.ts";
import { diagnostic } from "../diagnostics.ts";
import { lookup } from "../registry/index.ts";
import { checkParams } from "./block-instance.ts";
import { STRUCTURAL } from "./graph-frame.ts";

export function blockDefinitions(file: File, out: Diagnostic[]): Map<string, BlockDefinition> {
  const blocks = new Map<string, BlockDefinition>();
  for (const s of file.statements) {
    if (s.kind !== "BlockDefinition") continue;
    const name = s.name.name;
    const taken = lookup("layer", name) ?? lookup("activation", name);
    if (taken !== undefined || (STRUCTURAL as readonly string[]).includes(name) || ["model", "data", "train"].includes(name)) {
      const what = taken !== undefined ? `a ${taken.role === "activation" ? "activation" : "layer"}` : "a word of the language";
      out.push(diagnostic("NN2016", `\`${name}\` is ${what}: name the block differently`, s.name.span));
      continue;
    }
    if (blocks.has(name)) {
      out.push(diagnostic("NN2016", `block \`${name}\` is already defined`, s.name.span));
      continue;
    }
    checkParams(s, out);
    blocks.set(name, s);
  }
  return blocks;
}
