/**
 * Regenerates the committed generated modules of the examples (`examples/**\/NAME.nn.ts`), so every
 * code-generation change shows up as a reviewable diff. `npm run examples:compile`.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { compile } from "../compiler/index.ts";
import { writeFileAtomic } from "../runtime/checkpoint/atomic.ts";

const root = resolve(import.meta.dirname, "..");

export function exampleSpecs(dir = join(root, "examples")): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...exampleSpecs(path));
    else if (name.endsWith(".nn")) out.push(path);
  }
  return out;
}

/** The generated module of one example, exactly as committed (paths relative to the example's folder). */
export async function generateExample(spec: string): Promise<string> {
  const text = readFileSync(spec, "utf8");
  const source = relative(root, spec).split("\\").join("/");
  const result = await compile(text, { source, baseDir: dirname(spec), moduleDir: dirname(spec) });
  if (result.code === undefined) throw new Error(`${source} does not compile`);
  return result.code;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  for (const spec of exampleSpecs()) {
    writeFileAtomic(`${spec}.ts`, await generateExample(spec));
    console.log(`wrote ${relative(root, spec)}.ts`);
  }
}
