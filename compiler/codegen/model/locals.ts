/**
 * Generated bodies declare only the locals they read, and name a parameter they do not read `_name`, so
 * a module type-checks under `noUnusedLocals` and `noUnusedParameters` without `void x;` lines.
 */

/**
 * The names generated code refers to: identifiers outside comments and double-quoted strings that are not
 * a property after a dot (`this.step` does not refer to a local `step`). One pass, however many names are
 * asked about.
 */
export function referencedNames(code: string): Set<string> {
  const bare = code
    .replace(/"(?:[^"\\\n]|\\.)*"/g, '""')
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\/\/[^\n]*/g, "");
  return new Set(bare.match(/(?<![\w$.])[A-Za-z_$][\w$]*/g) ?? []);
}

/** Whether generated code refers to `name` (see referencedNames). */
export function refersTo(code: string, name: string): boolean {
  return referencedNames(code).has(name);
}

/**
 * `declarations` (name and line, in order) that the body — or a later kept declaration — reads, followed
 * by the body. A declaration may read an earlier one (`let t = g;`), so they are decided last to first.
 */
export function withLocals(declarations: readonly (readonly [string, string])[], body: string): string {
  const kept: string[] = [];
  let reads = body;
  for (let i = declarations.length - 1; i >= 0; i--) {
    const [name, line] = declarations[i];
    if (!refersTo(reads, name)) continue;
    kept.unshift(line);
    reads = `${line}\n${reads}`;
  }
  return [...kept, body].filter((l) => l !== "").join("\n");
}

export interface Parameter {
  readonly name: string;
  readonly type: string;
  readonly initializer?: string;
  readonly optional?: boolean;
}

/** The parameters as ts-morph takes them, each the body does not read renamed `_name`. */
export function parametersFor(parameters: readonly Parameter[], body: string) {
  return parameters.map((p) => ({
    name: refersTo(body, p.name) ? p.name : `_${p.name}`,
    type: p.type,
    initializer: p.initializer,
    hasQuestionToken: p.optional,
  }));
}
