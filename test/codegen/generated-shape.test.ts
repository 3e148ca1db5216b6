/**
 * Generated modules read like a person wrote them: no `void x;` lines to silence unused names, no
 * parameter a method does not read under its plain name, no local or private member it does not read, no method that does nothing
 * (`scalarState() { return {}; }`, an empty `onEvaluation`) or only throws (L-BFGS's `update()`), and an import list that is exactly what the code uses. Checked on every committed example module (npm run examples:compile writes them).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { exampleSpecs } from "../../scripts/compile-examples.ts";

const root = resolve(import.meta.dirname, "../..");
// The browser example is type-checked by its own Vite project (DOM libraries).
const modules = exampleSpecs()
  .map((spec) => `${spec}.ts`)
  .filter((m) => !m.includes(join("examples", "browser")));

describe("the shape of generated modules", () => {
  for (const m of modules) {
    const name = relative(root, m);
    const text = readFileSync(m, "utf8");

    it(`${name} has no \`void x;\` lines`, () => {
      expect(text.split("\n").filter((l) => /^\s*void \w+;/.test(l))).toEqual([]);
    });

    it(`${name} has no member that does nothing or only throws (an optional member of the contract is left out instead)`, () => {
      const empty = /^ {2}(\w+)\([^)]*\)(?:: [^{]+)? \{\s*(?:return (?:\{\}|\[\]);\s*)?\}/gm;
      const throwing = /^ {2}(\w+)\([^)]*\)(?:: [^{]+)? \{\s*throw [^;]*;\s*\}/gm;
      expect([...text.matchAll(empty), ...text.matchAll(throwing)].map((m) => m[1])).toEqual([]);
    });

    it(`${name} imports only runtime names its code uses`, () => {
      const list = /^import \{([^}]*)\} from "nnc\/runtime";/m.exec(text);
      expect(list, "one import from the runtime").not.toBeNull();
      const names = list![1]
        .split(",")
        .map((n) => n.trim().replace(/^type /, ""))
        .filter((n) => n !== "");
      const body = text.slice(list!.index + list![0].length);
      expect(names.filter((n) => !new RegExp(`\\b${n}\\b`).test(body))).toEqual([]);
    });
  }

  it("every example module type-checks with noUnusedParameters and noUnusedLocals (an unread parameter is named _x; nothing is declared that is not read)", () => {
    const r = spawnSync(
      process.execPath,
      [
        join(root, "node_modules/typescript/bin/tsc"),
        "--ignoreConfig",
        "--customConditions",
        "nnc-source",
        "--noEmit",
        "--strict",
        "--noUnusedParameters",
        "--noUnusedLocals",
        "--module",
        "nodenext",
        "--target",
        "es2022",
        "--allowImportingTsExtensions",
        "--skipLibCheck",
        "--types",
        "node",
        ...modules,
      ],
      { encoding: "utf8", cwd: root },
    );
    // tsc prints its diagnostics on stdout: compared first, so a failure shows them.
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  }, 120_000);
});
