/**
 * The rewrite that keeps each bundled module's `import.meta.url` its own file's (scripts/bundle-cli.ts): real
 * expressions are replaced, text that only looks like one (generated code in a string, a comment) is not, and a use
 * of `import.meta` the rewrite cannot keep stops the build.
 */
import { describe, expect, it } from "vitest";
import { replaceModuleUrl } from "../../scripts/bundle-cli.ts";

const OWN = 'new URL("../compiler/x.js", import.meta.url).href';

describe("the CLI bundle's import.meta.url rewrite", () => {
  it("replaces each import.meta.url expression", () => {
    const source = 'const a = new URL("./t.mjs", import.meta.url);\nconst b = import.meta.url.endsWith(".ts");\n';
    expect(replaceModuleUrl(source, "x.js", OWN)).toBe(
      'const a = new URL("./t.mjs", new URL("../compiler/x.js", import.meta.url).href);\n' +
        'const b = new URL("../compiler/x.js", import.meta.url).href.endsWith(".ts");\n',
    );
  });

  it("leaves strings, template text and comments that contain the words alone", () => {
    const source =
      'const init = "{ moduleUrl: import.meta.url, bytes: REPLICA_BYTES }";\n' +
      "const t = `base: import.meta.url`;\n" +
      "// import.meta.url of the chunk\n" +
      "const here = import.meta.url;\n";
    expect(replaceModuleUrl(source, "x.js", OWN)).toBe(
      'const init = "{ moduleUrl: import.meta.url, bytes: REPLICA_BYTES }";\n' +
        "const t = `base: import.meta.url`;\n" +
        "// import.meta.url of the chunk\n" +
        'const here = new URL("../compiler/x.js", import.meta.url).href;\n',
    );
  });

  it("leaves a module without import.meta unchanged", () => {
    const source = 'export const x = "import.meta.url";\n';
    expect(replaceModuleUrl(source, "x.js", OWN)).toBe(source);
  });

  it("refuses import.meta.dirname and the bare import.meta, whose meaning a chunk would change", () => {
    expect(() => replaceModuleUrl("const d = import.meta.dirname;\n", "cli/a.js", OWN)).toThrow(/cli\/a\.js: import\.meta used other than/);
    expect(() => replaceModuleUrl("const m = import.meta;\n", "cli/b.js", OWN)).toThrow(/cli\/b\.js/);
  });
});
