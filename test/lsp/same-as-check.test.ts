/**
 * One front door: the language server and `nnc check` both call the compiler's analyze(), so an editor shows
 * exactly the diagnostics the command prints — same codes, severities and positions — for any spec.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nnc } from "../cli/run.ts";
import { startClient, type TestClient } from "./client.ts";
import { resnet50Spec } from "../fixtures/resnet50.ts";
import { DEMO, scratchDir } from "./fixture.ts";

/** DEMO without its data block: the data checks read files in the background in the editor, at once in the CLI. */
const SPEC = DEMO.replace(/data \{[^}]*\}\n/, "").replace("early_stopping { metric = validation.loss  patience = 2 }", "");

const CASES: Record<string, string> = {
  clean: SPEC,
  "a syntax error": SPEC.replace("dense(hidden)", "dense(hidden"),
  "an unknown optimizer": SPEC.replace("adam(", "adamm("),
  "errors and warnings in several blocks": SPEC.replace("dense(2)", "dense(0)")
    .replace("steps = 20", "steps = 20\n  epochs = 3")
    .replace("xavier_uniform()", "xavier_uniform(gain = -1)"),
  "clean graph model": resnet50Spec(),
  // Met once per instance of the block, reported at the block's body with the instance named.
  "a mistake inside a block": resnet50Spec().replace("conv3: conv2d(c * 4, 1, bias = false)", "conv3: conv2d(c * 4, 0, bias = false)"),
  "a residual whose shortcut cannot fit": resnet50Spec().replace("residual(zero_init = true)", "residual(shortcut = identity)"),
};

let client: TestClient;
const dir = scratchDir();
beforeAll(async () => {
  client = await startClient();
});
afterAll(async () => {
  await client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the editor and nnc check agree", () => {
  for (const [name, text] of Object.entries(CASES)) {
    it(`on ${name}`, async () => {
      const file = join(dir, `${name.replaceAll(" ", "-")}.nn`);
      writeFileSync(file, text);
      const cli = JSON.parse(nnc(["check", "--json", "--no-data", file]).stdout) as {
        files: { diagnostics: { code: string; severity: string; line: number; column: number; endLine: number; endColumn: number }[] }[];
      };
      const fromCli = cli.files[0].diagnostics.map((d) => `${d.severity} ${d.code} ${d.line}:${d.column}-${d.endLine}:${d.endColumn}`);
      const published = await client.open(pathToFileURL(file).href, text);
      const fromEditor = published.diagnostics.map(
        (d) =>
          `${d.severity === 1 ? "error" : d.severity === 2 ? "warning" : "info"} ${String(d.code)} ` +
          `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1}`,
      );
      expect(fromEditor.sort()).toEqual(fromCli.sort());
      if (!name.startsWith("clean")) expect(fromCli.length).toBeGreaterThan(0);
    }, 60_000);
  }
});
