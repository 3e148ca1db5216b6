/**
 * Generated bodies declare only the locals they read, and name a parameter they do not read `_name`, so
 * a module type-checks under `noUnusedLocals` and `noUnusedParameters` without `void x;` lines.
 */

/** Whether generated code refers to `name`, outside comments and double-quoted strings. */
export function refersTo(code: string, name: string): boolean {
  const bare = code
    .replace(/"(?:[^"\\\n]|\\.)*"/g, '""')
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\/\/[^\n]*/g, "");
  return new RegExp(`(?<![\\w$.])${name.replace(/\$/g, "\\$")}(?![\\w$])`).test(bare);
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
