/**
 * Import rules, checked by `npm run lint:deps` (part of `npm test`). docs/architecture.md, "Import rules",
 * says why each exists. Paths are relative to the repository root; a rule names what may NOT be imported.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      // A cycle means neither file can be read, tested or moved without the other; we have none.
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      // The pipeline runs grammar → compiler → cli/lsp: the parser knows nothing of what checks or runs a spec.
      name: "grammar-is-the-front",
      severity: "error",
      from: { path: "^grammar/" },
      to: { path: "^(compiler|runtime|cli|lsp|report|register|vite)/" },
    },
    {
      // The compiler is a library the shells (cli, lsp) call, never the other way round.
      name: "compiler-below-its-shells",
      severity: "error",
      from: { path: "^compiler/" },
      to: { path: "^(cli|lsp|report|register|vite)/" },
    },
    {
      // The compiler returns text and diagnostics; where generated files go, and writing them atomically, is the
      // shells' job (cli/generated-files.ts). runtime/checkpoint/ is where nnc's atomic writer lives.
      name: "compiler-writes-no-files",
      severity: "error",
      from: { path: "^compiler/" },
      to: { path: "^runtime/checkpoint/" },
    },
    {
      // The shells enter the compiler through its front door, compiler/index.ts (analyze, compile and what
      // they return), so the compiler's files can be reorganised without touching them. One exception:
      // codegen/toolchain.ts, the TypeScript → JavaScript step for the modules Node runs, kept out of index.ts
      // so the language server and the playground's workers do not bundle ts-morph to check a spec; and
      // passes/index.ts, the lowering passes only `nnc compile --dump-ir` prints, kept out of index.ts so
      // `nnc check` does not load them (and the code generator's layout they use) on every cold start.
      name: "shells-use-the-front-door",
      severity: "error",
      from: { path: "^(cli|lsp|report|register|vite)/" },
      to: { path: "^compiler/", pathNot: "^compiler/(index|codegen/toolchain|passes/index)[.]ts$" },
    },
    {
      // What generated code and the runtime need from the compiler is in runtime/contract.ts, which the compiler
      // imports; a runtime that imported the compiler would ship the compiler (and Chevrotain) to every
      // training run and browser page.
      name: "runtime-never-imports-the-compiler",
      severity: "error",
      from: { path: "^runtime/" },
      to: { path: "^(grammar|compiler|cli|lsp|report|register|vite)/" },
    },
    {
      // A generated module imports only nnc/runtime: it must run where only the runtime is installed.
      name: "generated-code-imports-only-the-runtime",
      severity: "error",
      from: { path: "^examples/.*[.]nn[.]ts$" },
      to: { path: "^(grammar|compiler|cli|lsp|report|register|vite)/" },
    },
    {
      // runtime/kernels holds the reference loops every SIMD kernel is tested against; runtime/dispatch chooses
      // between the two. A reference that called into wasm/ would test the SIMD code against itself.
      name: "reference-kernels-stay-reference",
      severity: "error",
      from: { path: "^runtime/kernels/" },
      to: { path: "^runtime/(wasm|dispatch)/" },
    },
    {
      // The practice tools (nnc doctor's checks, the lr range test, search) drive training; the training loop
      // does not depend on them, so it can be read and changed without the tools built on top of it.
      name: "training-below-practice",
      severity: "error",
      from: { path: "^runtime/train/" },
      to: { path: "^runtime/practice/" },
    },
    {
      // A source file nothing imports is dead code or a forgotten entry point. Entry points are listed here.
      name: "no-orphans",
      severity: "error",
      from: {
        orphan: true,
        pathNot: [
          "[.]d[.]ts$",
          "(^|/)[.][^/]+[.](js|cjs|mjs|json)$",
          "^(bin|scripts|bench|test|playground|editors)/",
          "^register/(hooks|index)[.]js$",
          "^vite/plugin[.]ts$",
          "^(cli|lsp|runtime|compiler|grammar)/index[.]ts$",
          "^examples/",
        ],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|dist)/|^tmp/" },
    // Type-only imports count: a cycle through types is still a cycle for a reader.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    // `nnc/runtime` in generated examples resolves to the sources, as it does for tsc and vitest.
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["nnc-source", "import", "default"],
      extensions: [".ts", ".js", ".d.ts"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
