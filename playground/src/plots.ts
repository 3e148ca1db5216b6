/**
 * The live plots: line charts with uPlot (small, fast enough to redraw several times a second, canvas-based),
 * histograms as uPlot bar series, and the decision boundary as a canvas heat map under the data points.
 * Every chart keeps its own arrays; `push`/`set` then `redraw` batches updates to one repaint per frame.
 */
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"];

export interface LineSeries {
  readonly label: string;
  readonly color?: string;
}

/** A line chart over a numeric x axis (steps or epochs), optionally on a log y scale. */
export class LineChart {
  private plot: uPlot | undefined;
  private data: number[][];
  private logScale = false;
  private pending = false;

  constructor(
    private readonly host: HTMLElement,
    private readonly title: string,
    private readonly xLabel: string,
    private readonly series: readonly LineSeries[],
  ) {
    this.data = [[], ...series.map(() => [])];
    this.build();
  }

  setLog(log: boolean): void {
    if (log === this.logScale) return;
    this.logScale = log;
    this.build();
  }

  clear(): void {
    this.data = [[], ...this.series.map(() => [])];
    this.redraw();
  }

  /** Adds one x with a value per series (null leaves a gap, e.g. no validation at this step). */
  push(x: number, values: readonly (number | null)[]): void {
    this.data[0]!.push(x);
    values.forEach((v, i) =>
      this.data[i + 1]!.push(v === null || !Number.isFinite(v) || (this.logScale && v <= 0) ? (null as unknown as number) : v),
    );
    this.redraw();
  }

  private build(): void {
    this.plot?.destroy();
    const width = Math.max(200, this.host.clientWidth || 360);
    this.plot = new uPlot(
      {
        title: this.title,
        width,
        height: 180,
        scales: { x: { time: false }, y: this.logScale ? { distr: 3 } : {} },
        axes: [{ label: this.xLabel }, {}],
        series: [
          { label: this.xLabel },
          ...this.series.map((s, i) => ({
            label: s.label,
            stroke: s.color ?? COLORS[i % COLORS.length],
            spanGaps: true,
            points: { show: false },
          })),
        ],
        legend: { live: false },
      },
      this.data as uPlot.AlignedData,
      this.host,
    );
  }

  private redraw(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.plot?.setData(this.data as uPlot.AlignedData);
    });
  }
}

/** Several named series over steps, added as they first appear (update/weight ratio per layer). */
export class GrowingLineChart {
  private chart: LineChart | undefined;
  private names: string[] = [];
  private rows: { x: number; values: Map<string, number> }[] = [];

  constructor(
    private readonly host: HTMLElement,
    private readonly title: string,
    private readonly xLabel: string,
    private readonly log = true,
  ) {}

  clear(): void {
    this.names = [];
    this.rows = [];
    this.host.replaceChildren();
    this.chart = undefined;
  }

  push(x: number, values: Record<string, number>): void {
    const fresh = Object.keys(values).filter((n) => !this.names.includes(n));
    this.rows.push({ x, values: new Map(Object.entries(values)) });
    if (fresh.length > 0 || this.chart === undefined) {
      this.names.push(...fresh);
      this.host.replaceChildren();
      this.chart = new LineChart(
        this.host,
        this.title,
        this.xLabel,
        this.names.map((label) => ({ label })),
      );
      this.chart.setLog(this.log);
      for (const row of this.rows)
        this.chart.push(
          row.x,
          this.names.map((n) => row.values.get(n) ?? null),
        );
    } else {
      this.chart.push(
        x,
        this.names.map((n) => values[n] ?? null),
      );
    }
  }
}

export interface Histogram {
  readonly name: string;
  /** Bin edges (bins + 1 values) and counts. */
  readonly edges: readonly number[];
  readonly counts: readonly number[];
}

/** A row of small bar charts, one per layer (activations or weights). */
export class HistogramRow {
  private plots: uPlot[] = [];
  private names = "";

  constructor(private readonly host: HTMLElement) {}

  set(histograms: readonly Histogram[]): void {
    const names = histograms.map((h) => h.name).join("\n");
    if (names !== this.names) {
      this.names = names;
      this.plots.forEach((p) => p.destroy());
      this.host.replaceChildren();
      this.plots = histograms.map((h) => {
        const cell = document.createElement("div");
        cell.className = "histogram";
        this.host.append(cell);
        return new uPlot(
          {
            title: h.name,
            width: 180,
            height: 120,
            legend: { show: false },
            cursor: { show: false },
            scales: { x: { time: false } },
            axes: [
              { size: 24, font: "10px sans-serif" },
              { size: 30, font: "10px sans-serif" },
            ],
            series: [
              {},
              {
                stroke: COLORS[0],
                fill: "rgba(31,119,180,0.35)",
                paths: uPlot.paths.bars!({ size: [1, Infinity], align: 1 }),
                points: { show: false },
              },
            ],
          },
          [[], []],
          cell,
        );
      });
    }
    histograms.forEach((h, i) => {
      const plot = this.plots[i]!;
      plot.setData([h.edges.slice(0, -1) as number[], h.counts as number[]]);
    });
  }
}

export interface Boundary {
  /** The grid covers [x0, x1] × [y0, y1] with `size` × `size` cells, row-major from the top. */
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
  readonly size: number;
  /** Winning class and its probability per cell. */
  readonly classes: Int32Array;
  readonly confidence: Float32Array;
}

/** The decision boundary: each cell tinted by its predicted class (paler where less sure), the data on top. */
export function drawBoundary(canvas: HTMLCanvasElement, boundary: Boundary, points: readonly (readonly [number, number, number])[]): void {
  const ctx = canvas.getContext("2d")!;
  const { width, height } = canvas;
  const image = ctx.createImageData(boundary.size, boundary.size);
  for (let i = 0; i < boundary.classes.length; i++) {
    const rgb = hex(COLORS[boundary.classes[i]! % COLORS.length]!);
    const a = 0.15 + 0.5 * Math.max(0, Math.min(1, boundary.confidence[i]!));
    image.data[4 * i] = Math.round(255 * (1 - a) + rgb[0] * a);
    image.data[4 * i + 1] = Math.round(255 * (1 - a) + rgb[1] * a);
    image.data[4 * i + 2] = Math.round(255 * (1 - a) + rgb[2] * a);
    image.data[4 * i + 3] = 255;
  }
  const cells = document.createElement("canvas");
  cells.width = boundary.size;
  cells.height = boundary.size;
  cells.getContext("2d")!.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(cells, 0, 0, width, height);
  const sx = (x: number): number => ((x - boundary.x0) / (boundary.x1 - boundary.x0)) * width;
  const sy = (y: number): number => ((boundary.y1 - y) / (boundary.y1 - boundary.y0)) * height;
  for (const [x, y, label] of points) {
    ctx.beginPath();
    ctx.arc(sx(x), sy(y), 3, 0, 2 * Math.PI);
    ctx.fillStyle = COLORS[label % COLORS.length]!;
    ctx.fill();
    ctx.strokeStyle = "#fff";
    ctx.lineWidth = 1;
    ctx.stroke();
  }
}

function hex(color: string): [number, number, number] {
  const n = parseInt(color.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
