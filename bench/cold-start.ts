/**
 * Cold start of the `nnc` command (issue 13): `nnc --help`, `nnc check` of an example and `nnc compile` of four,
 * each in a fresh process, for the package as npm installs it (the bundled command line run by bin/nnc.js, no tsx)
 * beside this clone's way of running (the TypeScript sources through tsx, which is how the package ran before it was
 * built; issue 13 measured 0.6–0.8 s for --help then).
 *
 * The installed layout is staged without npm: package.json, bin/ and a fresh build of dist/ in a temporary
 * folder whose node_modules links to this clone's, which is what `npm install nnc-*.tgz` lays out.
 * Each figure is the best wall time of RUNS processes (the least disturbed on a shared machine) and their
 * mean CPU time (user + system, from the children's rusage in /proc/self/stat).
 *
 *   node bin/run-ts.js bench/cold-start.ts      (also run by `npm run bench`)
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "../scripts/build.ts";

const root = resolve(import.meta.dirname, "..");
const RUNS = 7;

export interface ColdTiming {
  readonly wallMs: number;
  readonly cpuMs: number | undefined;
}

export interface ColdStart {
  /** The command, or "node (empty program)": Node's own start on this machine, the floor under every figure. */
  readonly command: string;
  readonly installed: ColdTiming;
  readonly clone: ColdTiming;
  readonly targetMs: number;
}

/** CPU milliseconds used by reaped children so far (cutime + cstime), or undefined off Linux. */
function childCpuMs(): number | undefined {
  if (!existsSync("/proc/self/stat")) return undefined;
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 16 and 17 of proc(5) (cutime, cstime), counted from the state field (3): indexes 13 and 14; clock ticks of 10 ms.
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/** `node SCRIPT ARGS…` (or `node -e CODE`) `runs` times. */
function measure(bin: string, args: readonly string[], cwd: string, runs = RUNS): ColdTiming {
  let best = Infinity;
  const cpu0 = childCpuMs();
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    execFileSync(process.execPath, [bin, ...args], { cwd, stdio: "ignore" });
    best = Math.min(best, performance.now() - t0);
  }
  const cpu1 = childCpuMs();
  return { wallMs: best, cpuMs: cpu0 === undefined || cpu1 === undefined ? undefined : (cpu1 - cpu0) / runs };
}

/** package.json, bin/ and dist/ as npm installs them, with this clone's node_modules. */
async function stageInstalled(): Promise<string> {
  await build();
  const dir = mkdtempSync(join(tmpdir(), "nnc-cold-"));
  copyFileSync(join(root, "package.json"), join(dir, "package.json"));
  mkdirSync(join(dir, "bin"));
  copyFileSync(join(root, "bin/nnc.js"), join(dir, "bin/nnc.js"));
  cpSync(join(root, "dist"), join(dir, "dist"), { recursive: true });
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

/** Specs whose cold `nnc compile` is timed (best of COMPILE_RUNS each; the target is for the slowest). */
export const COMPILE_SPECS = ["examples/xor.nn", "examples/fashion-mlp.nn", "examples/layer-zoo.nn", "bench/b1-mlp.nn"];
const COMPILE_RUNS = 3;

export async function coldStart(): Promise<ColdStart[]> {
  const installed = await stageInstalled();
  const scratch = mkdtempSync(join(tmpdir(), "nnc-compile-"));
  try {
    const spec = join(root, "examples/xor.nn");
    const cases: { command: string; args: string[]; targetMs: number; runs?: number }[] = [
      { command: "nnc --help", args: ["--help"], targetMs: 150 },
      { command: "nnc check examples/xor.nn", args: ["check", spec], targetMs: 300 },
      ...COMPILE_SPECS.map((s) => ({
        command: `nnc compile ${s}`,
        args: ["compile", join(root, s), "-o", join(scratch, "out.ts")],
        targetMs: 1500,
        runs: COMPILE_RUNS,
      })),
    ];
    const floor = measure("-e", ["0"], root);
    const baseline: ColdStart = { command: "node -e 0 (Node's own start; the floor)", installed: floor, clone: floor, targetMs: NaN };
    return [
      baseline,
      ...cases.map((c) => ({
        command: c.command,
        installed: measure(join(installed, "bin/nnc.js"), c.args, root, c.runs),
        clone: measure(join(root, "bin/nnc.js"), c.args, root, c.runs),
        targetMs: c.targetMs,
      })),
    ];
  } finally {
    rmSync(installed, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function formatTiming(t: ColdTiming): string {
  return `${t.wallMs.toFixed(0)} ms` + (t.cpuMs === undefined ? "" : ` (cpu ${t.cpuMs.toFixed(0)})`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  console.log(`best wall of ${RUNS} cold processes (${COMPILE_RUNS} for compile; mean cpu), Node ${process.version}`);
  for (const r of await coldStart()) {
    if (Number.isNaN(r.targetMs)) console.log(`${r.command}: ${formatTiming(r.installed)}`);
    else
      console.log(
        `${r.command}: installed ${formatTiming(r.installed)}; clone through tsx ${formatTiming(r.clone)}; target ≤ ${r.targetMs} ms installed`,
      );
  }
}
