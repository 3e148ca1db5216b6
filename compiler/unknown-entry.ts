/**
 * The message for a name no registry entry of a role has: the entry meant when the name is a known
 * confusion (`loss = softmax()` → `cross_entropy`), else near spellings, else the whole list of names,
 * so the user never has to guess what exists.
 */
import type { Diagnostic, Span } from "../grammar/span.ts";
import { diagnostic } from "./diagnostics.ts";
import { didYouMean, suggest } from "./did-you-mean.ts";
import { entriesFor, namesFor, roleNoun } from "./registry/index.ts";
import type { Role } from "./registry/index.ts";

/** NN2002 for `name` where an entry of `roles` belongs (the first role names it: "unknown loss"). */
export function unknownEntry(name: string, roles: readonly Role[], span: Span): Diagnostic {
  const noun = roleNoun[roles[0]];
  const entries = roles.flatMap((r) => entriesFor(r));
  const meant = entries.filter((e) => e.confusedWith !== undefined && Object.hasOwn(e.confusedWith, name.toLowerCase()));
  if (meant.length > 0) {
    const why = meant.map((e) => (e.confusedWith as Record<string, string>)[name.toLowerCase()]).join("; ");
    const names = meant.map((e) => e.name);
    return diagnostic("NN2002", `unknown ${noun} \`${name}\`${didYouMean(names)} (${why})`, span, "error", names);
  }
  const names = roles.flatMap((r) => namesFor(r));
  const near = suggest(name, names);
  if (near.length > 0) return diagnostic("NN2002", `unknown ${noun} \`${name}\`${didYouMean(near)}`, span, "error", near);
  const available = entries.filter((e) => e.reserved !== true).map((e) => `\`${e.name}\``);
  return diagnostic("NN2002", `unknown ${noun} \`${name}\`; the ${noun}s are ${available.join(", ")}`, span);
}
