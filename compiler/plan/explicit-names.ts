/** The names a module's statements write (`conv1:`), including an anonymous residual's, which share its names. */
import type { Statement } from "../../grammar/ast.ts";

export function explicitNames(statements: readonly Statement[]): Set<string> {
  const names = new Set<string>();
  const visit = (list: readonly Statement[]): void => {
    for (const s of list) {
      if (s.kind === "LayerStatement") names.add(s.name.name);
      else if (s.kind === "BlockStatement" && s.call.callee.name === "residual" && s.body !== undefined) visit(s.body.statements);
    }
  };
  visit(statements);
  return names;
}
