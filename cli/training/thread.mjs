// Entry of the training thread of `nnc train` (see events.ts). A worker does not inherit the main thread's
// loaders: in a clone, thread-body.ts sits beside this file and is loaded through tsx (registered here
// first, as bin/nnc.js does); in the installed package the compiled thread-body.js is.
import { existsSync } from "node:fs";

const source = new URL("./thread-body.ts", import.meta.url);
if (existsSync(source)) {
  (await import("tsx/esm/api")).register();
  await import(source.href);
} else {
  await import("./thread-body.js");
}
