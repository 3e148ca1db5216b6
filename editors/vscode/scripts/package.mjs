// `npm run vsix`: bundles with esbuild the client (src/extension.js + vscode-languageclient) into
// dist/extension.js and the language server (src/server.js: lsp/, the compiler and every dependency) into
// dist/server.mjs, then packages the extension folder into nnc-vscode-VERSION.vsix with @vscode/vsce.
// Everything the extension needs is in the two bundles, so vsce runs with --no-dependencies, needs no
// network, and the extension needs no nnc installed.
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

/**
 * Two modules of the server load a dependency from node_modules at run time, by path (grammar/chevrotain.ts:
 * Chevrotain's one-file build, fast to load) or through createRequire (compiler/codegen/toolchain.ts:
 * ts-morph and prettier, on first use). A bundle has no node_modules beside it, so here they get the
 * packages bundled: chevrotain through its package entry, and toolchain.ts's require() calls left to
 * esbuild, which bundles a plain require("literal").
 */
const bundledDependencies = {
  name: "nnc-bundled-dependencies",
  setup(b) {
    b.onLoad({ filter: /[\\/]grammar[\\/]chevrotain\.ts$/ }, () => ({
      contents: 'export { createToken, CstParser, EOF, Lexer } from "chevrotain";',
      loader: "ts",
    }));
    b.onLoad({ filter: /[\\/]compiler[\\/]codegen[\\/]toolchain\.ts$/ }, (args) => {
      const text = readFileSync(args.path, "utf8");
      const line = "const require = createRequire(import.meta.url);";
      if (!text.includes(line)) throw new Error(`${args.path} no longer has \`${line}\`; update scripts/package.mjs`);
      return { contents: text.replace(line, ""), loader: "ts" };
    });
  },
};

await build({
  entryPoints: [join(here, "src/server.js")],
  outfile: join(here, "dist/server.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  plugins: [bundledDependencies],
  // CommonJS dependencies inside an ES module bundle still call require() for Node's built-ins and read
  // __filename/__dirname (the TypeScript compiler inside ts-morph).
  banner: {
    js: [
      'import { createRequire as __nncCreateRequire } from "node:module";',
      'import { fileURLToPath as __nncFileURLToPath } from "node:url";',
      "const require = __nncCreateRequire(import.meta.url);",
      "const __filename = __nncFileURLToPath(import.meta.url);",
      'const __dirname = __nncFileURLToPath(new URL(".", import.meta.url));',
    ].join(" "),
  },
  minify: true,
  legalComments: "none",
  logLevel: "error",
});

const vsce = join(dirname(require.resolve("@vscode/vsce/package.json")), "vsce");
const out = join(here, `${pkg.name}-${pkg.version}.vsix`);
execFileSync(process.execPath, [vsce, "package", "--no-dependencies", "--allow-missing-repository", "--out", out], {
  cwd: here,
  stdio: "inherit",
});
console.log(out);
