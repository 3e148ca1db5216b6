// Worker-thread entry of the trial pool. A worker does not inherit the main thread's loaders: in a clone,
// trial-thread.ts sits beside this file and is loaded through tsx (registered here first, as bin/nnc.js
// does); in the installed package the compiled trial-thread.js is.
import { existsSync } from "node:fs";

const source = new URL("./trial-thread.ts", import.meta.url);
if (existsSync(source)) {
  (await import("tsx/esm/api")).register();
  await import(source.href);
} else {
  await import("./trial-thread.js");
}
