/**
 * Chevrotain, loaded from its bundled single-file build. The package's entry point is lib/src/api.js,
 * which imports some sixty of its own files and a few hundred lodash-es modules; under tsx every one of
 * them is a round trip to the loader thread, which cost ~0.85 s of each cold `nnc` start. The bundle
 * (lib/chevrotain.mjs, shipped beside it but not listed in the package's exports) is one file and loads in
 * ~30 ms. It is found from the entry point's resolved path, so it works wherever npm put the package.
 * Types still come from the package's own declarations.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

type Chevrotain = typeof import("chevrotain");

const entry = createRequire(import.meta.url).resolve("chevrotain");
const chevrotain = (await import(pathToFileURL(join(dirname(entry), "..", "chevrotain.mjs")).href)) as Chevrotain;

export const { createToken, CstParser, EOF, Lexer } = chevrotain;
