#!/usr/bin/env node
// The `nnc` command. Installed from npm it runs dist/cli-bundle/nnc.js (the bundle scripts/bundle-cli.ts builds); in a
// clone of the repository (cli/main.ts beside this folder) it runs the TypeScript sources through tsx, a development
// dependency, so editing a source needs no build.
import { existsSync } from "node:fs";

const source = new URL("../cli/main.ts", import.meta.url);
if (existsSync(source)) {
  (await import("tsx/esm/api")).register();
  await import(source.href);
} else {
  await import("../dist/cli-bundle/nnc.js");
}
