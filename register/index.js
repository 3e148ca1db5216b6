// `node --import nnc/register app.ts`: the loader hook that compiles an imported `.nn` spec on the fly
// (hooks.js), and TypeScript support for the app through tsx wherever it can be found: a clone of nnc
// always has it; an installed nnc uses the project's own tsx when there is one. Without it, Node runs
// JavaScript apps as they are and a TypeScript app fails with a message naming what to install.
// Plain JavaScript, so it loads before any TypeScript support.
import { register } from "node:module";

let tsx = true;
try {
  (await import("tsx/esm/api")).register();
} catch (e) {
  if (e?.code !== "ERR_MODULE_NOT_FOUND" || !String(e.message).includes("'tsx'")) throw e;
  tsx = false;
}
register("./hooks.js", import.meta.url, { data: { tsx } });
