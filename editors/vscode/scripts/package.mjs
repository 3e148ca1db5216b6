// `npm run vsix`: bundles the client (src/extension.js + vscode-languageclient) into dist/extension.js with
// esbuild, then packages the extension folder into nnc-vscode-VERSION.vsix with @vscode/vsce. Everything
// the extension needs is in the bundle, so vsce runs with --no-dependencies and needs no network.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { build } from "esbuild";

const here = resolve(import.meta.dirname, "..");
const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(join(here, "package.json"), "utf8"));

await build({
  entryPoints: [join(here, "src/extension.js")],
  outfile: join(here, "dist/extension.js"),
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node18",
  external: ["vscode"],
  minify: true,
  logLevel: "warning",
});

const vsce = join(dirname(require.resolve("@vscode/vsce/package.json")), "vsce");
const out = join(here, `${pkg.name}-${pkg.version}.vsix`);
execFileSync(process.execPath, [vsce, "package", "--no-dependencies", "--allow-missing-repository", "--out", out], { cwd: here, stdio: "inherit" });
console.log(out);
