/**
 * A bounded run of the language-server fuzzer (`npm run fuzz -- --lsp --runs N` runs the long ones):
 * random framing, random JSON-RPC and edit storms against one real server over stdio, with a fixed seed
 * so CI replays the same stream. After every action the server must answer a valid request, publish
 * diagnostics for the last version of an edited document, and at the end exit 0 on shutdown and exit.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { actionArb, playLsp } from "../reliability/fuzz/lsp.ts";
import { exampleSpecs } from "../reliability/fuzz/mutate.ts";

describe("language-server fuzzing", () => {
  it("keeps answering through 150 hostile actions", async () => {
    const actions = fc.sample(actionArb(exampleSpecs()), { numRuns: 150, seed: 151515 });
    const stats = await playLsp(actions);
    expect(stats.probes).toBe(150);
    expect(stats.garbageFrames).toBeGreaterThan(10);
    expect(stats.edits).toBeGreaterThan(1000);
    expect(stats.dropsLogged).toBeGreaterThan(10);
  }, 300_000);
});
