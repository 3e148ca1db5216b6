/**
 * `import ... from "./name.nn"` makes TypeScript look for `name.d.nn.ts` (with allowArbitraryExtensions);
 * this one-line file beside the spec hands it the types of the generated module `name.nn.ts`.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { writeFileAtomic } from "../runtime/checkpoint/atomic.ts";

export function declarationShim(specName: string): string {
  return `// Types of \`import ... from "./${specName}"\` (TypeScript looks for NAME.d.nn.ts): those of the generated module.\nexport * from "./${specName}.ts";\n`;
}

/** Writes the shim beside the spec at `specPath` unless it is already there with this text. */
export function writeDeclarationShim(specPath: string): void {
  const name = basename(specPath);
  const shim = join(dirname(specPath), `${name.replace(/\.nn$/, "")}.d.nn.ts`);
  const text = declarationShim(name);
  if (!existsSync(shim) || readFileSync(shim, "utf8") !== text) writeFileAtomic(shim, text);
}
