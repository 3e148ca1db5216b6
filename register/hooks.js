// Node module hooks (run in the loader thread): `import ... from "./model.nn"` resolves to the spec's
// generated module, compiled to JavaScript on first import and cached by content. In a clone of nnc,
// tsx (registered before these hooks) loads the compiler's TypeScript sources; the installed package
// loads its compiled JavaScript.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

let tsx = true;

export function initialize(data) {
  tsx = data?.tsx ?? true;
}

const source = new URL("./compile-spec.ts", import.meta.url);
const compileSpec = existsSync(source) ? source.href : "./compile-spec.js";

export async function resolve(specifier, context, nextResolve) {
  const path = specifier.split(/[?#]/)[0];
  if (!path.endsWith(".nn")) return nextResolve(specifier, context);
  // Relative and absolute specs are resolved here: the chain (tsx) would prefer a `model.nn.ts` beside
  // the spec, which may be stale. Package paths go through the chain.
  const relative = /^(\.{1,2}\/|\/|file:)/.test(specifier);
  const specUrl = relative ? new URL(specifier, context.parentURL).href : (await nextResolve(specifier, context)).url;
  const { compiledModuleUrl } = await import(compileSpec);
  return nextResolve(await compiledModuleUrl(specUrl), context);
}

/**
 * Two things Node 20 does not do for a TypeScript app:
 * - Without tsx, run it at all: name what to install instead of Node's bare ERR_UNKNOWN_FILE_EXTENSION.
 *   (A Node that strips types itself loads the file in nextLoad.)
 * - In a package without `"type": "module"` (npm init's default), a `.ts` file is CommonJS to tsx, and
 *   one written with `import` (every app that imports a `.nn`, whose generated module is an ES module)
 *   then fails with ERR_REQUIRE_CYCLE_MODULE. Node's own rule for such files (syntax detection, as for
 *   `.js`) makes it an ES module, so it is loaded again as one.
 */
export async function load(url, context, nextLoad) {
  let result;
  try {
    result = await nextLoad(url, context);
  } catch (e) {
    if (tsx || e?.code !== "ERR_UNKNOWN_FILE_EXTENSION" || !TYPESCRIPT.test(new URL(url).pathname)) throw e;
    const error = new Error(
      `nnc/register: ${fileURLToPath(url)} is TypeScript, which Node ${process.version} cannot run by itself.\n` +
        `Install tsx in this project (npm install --save-dev tsx) and nnc/register uses it, or run your app's compiled JavaScript.`,
    );
    error.code = "NNC_NO_TYPESCRIPT_LOADER";
    throw error;
  }
  if (result.format === "commonjs" && /\.tsx?$/.test(new URL(url).pathname) && hasModuleSyntax(fileURLToPath(url))) {
    return nextLoad(url, { ...context, format: "module" });
  }
  return result;
}

const TYPESCRIPT = /\.[cm]?tsx?$/;

/** A line that starts with `import`/`export` as a statement (not TypeScript's CommonJS `import x = require(…)`). */
function hasModuleSyntax(path) {
  const text = readFileSync(path, "utf8");
  return /^\s*(export\s|import\s*[{*"'\w](?![\w\s]*=\s*require\b))/m.test(text);
}
