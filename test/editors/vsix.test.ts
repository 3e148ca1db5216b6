/** `npm run vsix` packages the VS Code extension offline: the client bundle, grammar and language configuration. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

describe("npm run vsix", () => {
  it("builds a .vsix holding the bundled client, the grammar and the language configuration", () => {
    const out = execFileSync("npm", ["run", "--silent", "vsix"], { cwd: root, encoding: "utf8" });
    const file = out.trim().split("\n").pop()!;
    expect(file).toBe(join(root, "editors/vscode/nnc-vscode-0.1.0.vsix"));
    const zip = readFileSync(file);
    expect(zip.subarray(0, 2).toString("latin1")).toBe("PK");
    // Entry names are stored uncompressed in the zip's central directory.
    const names = zip.toString("latin1");
    for (const entry of ["extension/package.json", "extension/dist/extension.js", "extension/syntaxes/nn.tmLanguage.json", "extension/language-configuration.json"]) {
      expect(names).toContain(entry);
    }
  });
});
