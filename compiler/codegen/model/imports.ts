/**
 * The runtime names a generated module imports, recorded by each piece as it emits code that uses them
 * (so the import list cannot drift from the code). Type-only names are written `type X`, as the import
 * statement spells them.
 */
import { str } from "../literals.ts";
import { referencedNames } from "./locals.ts";

export class ImportSet {
  private readonly names = new Set<string>();

  /** Records runtime values the emitted code calls or constructs. */
  use(...names: readonly string[]): void {
    for (const n of names) this.names.add(n);
  }

  /** Records runtime types the emitted code names. */
  useType(...names: readonly string[]): void {
    for (const n of names) this.names.add(`type ${n}`);
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  /**
   * One import statement of the recorded names that `code` refers to, sorted as if `type ` were not there.
   * A piece records a concept's whole set of kernels; the code may need fewer (a frozen first layer skips
   * its input gradient, so no matmulNN), and a module imports nothing it does not use.
   */
  statement(runtimeImport: string, code: string): string {
    const used = referencedNames(code);
    const named = [...this.names]
      .filter((n) => used.has(n.replace("type ", "")))
      .sort((a, b) => a.replace("type ", "").localeCompare(b.replace("type ", "")));
    return `import { ${named.join(", ")} } from ${str(runtimeImport)};`;
  }
}
