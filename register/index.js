// `node --import nnc/register app.ts`: TypeScript through tsx (nnc has no build step), plus the hook
// that compiles an imported `.nn` spec on the fly. Plain JavaScript, so it loads before any TS support.
import { register } from "node:module";
import { register as registerTsx } from "tsx/esm/api";

registerTsx();
register("./hooks.js", import.meta.url);
