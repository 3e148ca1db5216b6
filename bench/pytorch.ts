/**
 * The PyTorch rows of `npm run bench` (issue 20): the same B1 recipe, CNN model and ResNet-20 as nnc's rows, run by
 * bench/pytorch/peer.py under Debian's PyTorch 1.13.1 (`/usr/bin/python3`), once with the BLAS it is
 * installed with (Debian's reference BLAS; oneDNN for convolutions) and once with Debian's OpenBLAS put first
 * on LD_LIBRARY_PATH — fetched with `apt-get download libopenblas0-pthread` and unpacked with `dpkg -x` into
 * a cache folder, never installed system-wide. PyTorch gets 2 intra-op threads, OpenBLAS 1 thread (its own
 * pthreads on top of torch's would oversubscribe the 2 cores).
 * Alone: `node bin/run-ts.js bench/pytorch.ts [b1|cnn|resnet] [--steps N]`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const PYTHON = process.env.NNC_BENCH_PYTHON ?? "/usr/bin/python3";
const PEER = resolve(import.meta.dirname, "pytorch/peer.py");
const OPENBLAS_CACHE =
  process.env.NNC_OPENBLAS_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "nnc-bench", "openblas");

export type Blas = "default" | "openblas";

export interface PeerB1 {
  readonly torch: string;
  readonly threads: number;
  readonly blas: string;
  readonly epochSeconds: number[];
  readonly rows: number;
  readonly peakRssMiB: number;
}

export interface PeerCnn {
  readonly torch: string;
  readonly threads: number;
  readonly blas: string;
  readonly sliceSeconds: number[];
  readonly imagesPerSlice: number;
  readonly epochImages: number;
  readonly peakRssMiB: number;
}

/** Why the PyTorch rows cannot run here, or undefined when `/usr/bin/python3 -c "import torch"` works. */
export function pytorchMissing(): string | undefined {
  const probe = spawnSync(PYTHON, ["-c", "import torch"], { encoding: "utf8" });
  if (probe.error) return `skipped: ${PYTHON} not found`;
  if (probe.status !== 0) return "skipped: PyTorch not installed (apt-get install -y python3-torch)";
  return undefined;
}

/** The folder holding Debian's OpenBLAS libblas.so.3, fetched and unpacked on first use. */
export function openBlasDir(): string {
  const dir = join(OPENBLAS_CACHE, "usr/lib/x86_64-linux-gnu/openblas-pthread");
  if (existsSync(join(dir, "libblas.so.3"))) return dir;
  mkdirSync(OPENBLAS_CACHE, { recursive: true });
  execFileSync("apt-get", ["download", "libopenblas0-pthread"], { cwd: OPENBLAS_CACHE, stdio: ["ignore", "ignore", "pipe"] });
  const deb = readdirSync(OPENBLAS_CACHE).find((f) => f.startsWith("libopenblas0-pthread") && f.endsWith(".deb"));
  if (!deb) throw new Error(`apt-get download libopenblas0-pthread left no .deb in ${OPENBLAS_CACHE}`);
  execFileSync("dpkg", ["-x", join(OPENBLAS_CACHE, deb), OPENBLAS_CACHE]);
  if (!existsSync(join(dir, "libblas.so.3"))) throw new Error(`unpacked ${deb} but found no ${join(dir, "libblas.so.3")}`);
  return dir;
}

function runPeer(work: "b1" | "cnn" | "resnet" | "resnet-kinds" | "conv-layers", blas: Blas, args: string[], threads = 2): unknown {
  const env: NodeJS.ProcessEnv = { ...process.env, OMP_NUM_THREADS: String(threads) };
  if (blas === "openblas") {
    env.LD_LIBRARY_PATH = [openBlasDir(), process.env.LD_LIBRARY_PATH].filter(Boolean).join(":");
    env.OPENBLAS_NUM_THREADS = "1";
  }
  const out = execFileSync(PYTHON, [PEER, work, "--threads", String(threads), ...args], { env, encoding: "utf8", maxBuffer: 1 << 20 });
  const result = JSON.parse(out.trim().split("\n").at(-1)!) as { blas: string };
  if (blas === "openblas" && !result.blas.includes("openblas"))
    throw new Error(`PyTorch did not load OpenBLAS from ${openBlasDir()} (loaded: ${result.blas})`);
  return result;
}

export const peerB1 = (blas: Blas, repeats = 3): PeerB1 => runPeer("b1", blas, ["--repeats", String(repeats)]) as PeerB1;
export const peerCnn = (blas: Blas, steps: number, repeats = 2): PeerCnn =>
  runPeer("cnn", blas, ["--steps", String(steps), "--repeats", String(repeats)]) as PeerCnn;

/** The same for examples/fashion-resnet.nn's ResNet-20, written as torchvision writes it (peer.py). */
export const peerResnet = (blas: Blas, steps: number, repeats = 2): PeerCnn =>
  runPeer("resnet", blas, ["--steps", String(steps), "--repeats", String(repeats)]) as PeerCnn;

/** One ResNet-20 operator kind of peer.py's `resnet-kinds`: a convolution's shape and pass, or its kind alone. */
export interface PeerKind {
  readonly kind: "conv" | "batchnorm" | "add-relu" | "other";
  readonly pass?: "forward" | "backward";
  readonly C?: number;
  readonly O?: number;
  readonly k?: number;
  readonly H?: number;
  /** Self CPU time per step. */
  readonly ms: number;
}

/** ResNet-20's step on one thread of PyTorch's default build, plainly and under torch.profiler by operator kind. */
export const peerResnetKinds = (steps: number, repeats = 2) =>
  runPeer("resnet-kinds", "default", ["--steps", String(steps), "--repeats", String(repeats)], 1) as {
    stepMs: number;
    profiledStepMs: number;
    kinds: PeerKind[];
  };

/** A single convolution of batch 128 for `peerConvLayers`: [C, H, O, k, stride, input gradient 0/1]. */
export type ConvShape = readonly [number, number, number, number, number, 0 | 1];

/** Forward and backward ms of each shape alone in PyTorch (nn.Conv2d, no bias, padding k // 2), best of `repeats`. */
export const peerConvLayers = (blas: Blas, shapes: readonly ConvShape[], repeats: number) =>
  (
    runPeer("conv-layers", blas, ["--shapes", JSON.stringify(shapes), "--repeats", String(repeats)]) as {
      layers: { forwardMs: number; backwardMs: number }[];
    }
  ).layers;

/** Images per second of the fastest slice. */
export const peerImagesPerSecond = (r: PeerCnn): number => r.imagesPerSlice / Math.min(...r.sliceSeconds);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const missing = pytorchMissing();
  if (missing) {
    console.log(missing);
  } else {
    const work = process.argv[2] ?? "b1";
    const i = process.argv.indexOf("--steps");
    const steps = i < 0 ? 16 : Number(process.argv[i + 1]);
    for (const blas of ["default", "openblas"] as const) {
      if (work === "b1") {
        const r = peerB1(blas);
        console.log(
          `PyTorch ${blas} (${r.blas}): B1 epochs ${r.epochSeconds.map((s) => s.toFixed(2)).join(", ")} s; peak RSS ${r.peakRssMiB.toFixed(0)} MiB`,
        );
      } else {
        const r = work === "resnet" ? peerResnet(blas, steps) : peerCnn(blas, steps);
        const ips = peerImagesPerSecond(r);
        console.log(
          `PyTorch ${blas} (${r.blas}): ${work === "resnet" ? "ResNet-20" : "CNN"} ${ips.toFixed(0)} images/s → epoch ≈ ${(r.epochImages / ips).toFixed(0)} s; peak RSS ${r.peakRssMiB.toFixed(0)} MiB`,
        );
      }
    }
  }
}
