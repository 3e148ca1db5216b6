/**
 * The spec a parity case is trained from: the case's own spec.nn when it has one (graph models, whose
 * layers case.json cannot list; generate_graph_cases.py writes it next to the PyTorch module it equals),
 * with paths relative to the case folder; else the translation of case.json (translate-case.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { translateCase } from "./translate-case.ts";

export interface CaseSpec {
  readonly text: string;
  /** The folder the spec's relative paths resolve against. */
  readonly baseDir: string;
}

export function caseSpec(c: Record<string, unknown>, caseDir: string, workDir: string): CaseSpec {
  if (typeof c.spec === "string") {
    const path = join(caseDir, c.spec);
    if (!existsSync(path)) throw new Error(`${caseDir}/case.json names the spec ${c.spec}, which is not in the case folder`);
    return { text: readFileSync(path, "utf8"), baseDir: caseDir };
  }
  return { text: translateCase(c, caseDir), baseDir: workDir };
}
