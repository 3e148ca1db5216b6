/**
 * Nothing in a spec can become Python: paths, the spec's own file name and layer names reach the script only
 * as escaped string literals, flattened comments, or attributes that are plain identifiers. Each hostile spec
 * compiles to a script Python parses with every payload intact as a string constant and no call it did not
 * ask for; with torch installed it also trains to completion on a data file whose name is the payload.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compilePyTorch } from "../../compiler/pytorch/index.ts";
import { hasPython, hasTorch, python, runPython } from "./python.ts";
import { spawnSync } from "node:child_process";
import { readSafetensors } from "../../runtime/index.ts";

const dir = mkdtempSync(join(tmpdir(), "nnc-hostile-py-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
/** What an escaped payload would create, relative to the script's working folder (no payload holds a `/`, so each can name a file). */
const sentinel = "escaped";

const payloads = [
  `a"); open("${sentinel}", "w"); ("`,
  `b'''); open("${sentinel}", "w"); (''' `,
  `c\\"); open("${sentinel}", "w") #`,
  `d\nopen("${sentinel}", "w")\n`,
  `e\topen("${sentinel}", "w")#`,
  `f\u2028open("${sentinel}", "w")\u0085#`,
  `g{open("${sentinel}", "w")}😀`,
];

function spec(path: string): string {
  return `data {
  train = csv(${JSON.stringify(path)}, label = 4)
}
model {
  input = [4]
  forward: dense(3)
  relu
  lambda: dense(3)
  state_dict: batchnorm()
  None: dense(2)
  loss = cross_entropy()
}
train {
  optimizer = sgd(lr = 0.1)
  regularize = [l2(0.001)]
  max_norm = 3
  epochs = 2
  batch_size = 2
}
`;
}

/** Python that parses the script and prints its string constants and the names of everything it calls. */
const INSPECT = `
import ast, json, sys
tree = ast.parse(open(sys.argv[1], encoding="utf-8").read())
strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
calls = sorted({ast.unparse(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)})
print(json.dumps({"strings": strings, "calls": calls}))
`;

describe("hostile specs and the PyTorch target", { timeout: 120_000 }, () => {
  payloads.forEach((payload, i) => {
    it.runIf(hasPython())(`keeps payload ${i + 1} inside string literals`, () => {
      const csv = join(dir, `${payload}.csv`);
      const source = join(dir, `${payload}.nn`);
      const r = compilePyTorch(spec(csv), { source, baseDir: dir, scriptDir: dir });
      expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const script = join(dir, `train${i}.py`);
      writeFileSync(script, r.code as string);
      const check = spawnSync(python, ["-c", INSPECT, script], { encoding: "utf8" });
      expect(check.status, check.stderr).toBe(0);
      const { strings, calls } = JSON.parse(check.stdout) as { strings: string[]; calls: string[] };
      expect(strings).toContain(`${payload}.csv`); // inside the spec's folder: relative to the script
      expect(strings).toContain(source);
      expect(calls.filter((c) => ["eval", "exec", "os.system", "__import__", "compile"].includes(c))).toEqual([]);
      // The payload's call would need its target as a string constant of its own.
      expect(strings.filter((x) => x === sentinel)).toEqual([]);
    });
  });

  it.runIf(hasTorch())("trains on a data file whose name is a payload, with layers named forward, lambda, state_dict and None", () => {
    const payload = payloads[0];
    const csv = join(dir, `${payload}.csv`);
    writeFileSync(csv, ["1,2,3,4,0", "2,1,0,1,1", "0,1,2,3,1", "3,3,1,0,0"].join("\n") + "\n");
    const r = compilePyTorch(spec(csv), { source: join(dir, `${payload}.nn`), baseDir: dir, scriptDir: dir });
    const script = join(dir, "train-run.py");
    writeFileSync(script, r.code as string);
    runPython([script, "--out", join(dir, "run")], { cwd: dir });
    expect(existsSync(join(dir, sentinel))).toBe(false);
    const names = [...readSafetensors(join(dir, "run", "checkpoint.safetensors")).tensors.keys()].sort();
    expect(names).toEqual([
      "None.bias",
      "None.weight",
      "forward.bias",
      "forward.weight",
      "lambda.bias",
      "lambda.weight",
      "state_dict.bias",
      "state_dict.num_batches_tracked",
      "state_dict.running_mean",
      "state_dict.running_var",
      "state_dict.weight",
    ]);
  });
});
