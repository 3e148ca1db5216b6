/**
 * The playground's built-in 2-D data sets, made in the page from a fixed seed so every visitor (and every
 * test) gets the same points. A spec names them as files: `csv("spiral.csv", label = 2, header = true)`.
 * Each is a CSV with the header `x1,x2,label`, coordinates roughly in [-1, 1].
 */

/** mulberry32: a small, well-mixed 32-bit generator; the data only needs to be repeatable. */
function generator(seed: number): { uniform: () => number; normal: () => number } {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // Box–Muller; one of the pair is enough here.
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

type Point = readonly [x1: number, x2: number, label: number];

/** CS231n's spiral: K arms of N points, radius 0 → 1, angle over 4 radians per arm plus N(0, 0.2²) noise. */
function spiral(): Point[] {
  const { normal } = generator(1);
  const N = 100;
  const K = 3;
  const points: Point[] = [];
  for (let k = 0; k < K; k++) {
    for (let i = 0; i < N; i++) {
      const r = i / (N - 1);
      const t = k * 4 + (4 * i) / (N - 1) + normal() * 0.2;
      points.push([r * Math.sin(t), r * Math.cos(t), k]);
    }
  }
  return points;
}

/** TensorFlow Playground's circle: class 1 inside radius 0.5, class 0 in the ring 0.7–1, a little noise. */
function circles(): Point[] {
  const { uniform, normal } = generator(2);
  const points: Point[] = [];
  for (let i = 0; i < 400; i++) {
    const inside = i % 2 === 1;
    const r = inside ? uniform() * 0.5 : 0.7 + uniform() * 0.3;
    const angle = uniform() * 2 * Math.PI;
    points.push([r * Math.sin(angle) + normal() * 0.02, r * Math.cos(angle) + normal() * 0.02, inside ? 1 : 0]);
  }
  return points;
}

/** Points uniform in the square, away from the axes, labelled by the sign of x1·x2 (XOR of the signs). */
function xor(): Point[] {
  const { uniform } = generator(3);
  const points: Point[] = [];
  const coordinate = (): number => {
    const magnitude = 0.05 + uniform() * 0.95;
    return uniform() < 0.5 ? -magnitude : magnitude;
  };
  for (let i = 0; i < 400; i++) {
    const x1 = coordinate();
    const x2 = coordinate();
    points.push([x1, x2, x1 * x2 > 0 ? 1 : 0]);
  }
  return points;
}

/** Two Gaussian blobs with centres (−0.4, −0.4) and (0.4, 0.4) and standard deviation 0.25: nearly separable. */
function gaussians(): Point[] {
  const { normal } = generator(4);
  const points: Point[] = [];
  for (let i = 0; i < 400; i++) {
    const label = i % 2;
    const centre = label === 1 ? 0.4 : -0.4;
    points.push([centre + normal() * 0.25, centre + normal() * 0.25, label]);
  }
  return points;
}

function toCsv(points: readonly Point[]): string {
  return "x1,x2,label\n" + points.map(([a, b, label]) => `${a.toFixed(5)},${b.toFixed(5)},${label}`).join("\n") + "\n";
}

/** File name → CSV text of every built-in set. */
export const BUILT_IN_DATA: ReadonlyMap<string, string> = new Map([
  ["spiral.csv", toCsv(spiral())],
  ["circles.csv", toCsv(circles())],
  ["xor.csv", toCsv(xor())],
  ["gaussians.csv", toCsv(gaussians())],
]);
