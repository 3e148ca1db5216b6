#!/usr/bin/env node
// The `nnc` command. Installed from npm it runs the compiled dist/cli/main.js; in a clone of the
// repository (cli/main.ts beside this folder) it runs the TypeScript sources through tsx, a development
// dependency, so editing a source needs no build.
import { existsSync } from "node:fs";

const source = new URL("../cli/main.ts", import.meta.url);
if (existsSync(source)) {
  (await import("tsx/esm/api")).register();
  await import(source.href);
} else {
  await import("../dist/cli/main.js");
}
