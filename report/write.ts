/**
 * Writes a run's report beside its metrics.json: report.html (plots inline) and plots/NAME.svg +
 * plots/NAME.png for each plot. `nnc train` calls it after training; `nnc report DIR` re-runs it.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../runtime/checkpoint/atomic.ts";
import { reportHtml } from "./html.ts";
import { trainingPlots, type MetricsFile, type Plot } from "./plots.ts";
import { svgToPng, toSvg } from "./render.ts";

export function readMetrics(dir: string): MetricsFile {
  const m = JSON.parse(readFileSync(join(dir, "metrics.json"), "utf8")) as MetricsFile;
  if (!Array.isArray(m.epochs)) throw new SyntaxError(`${join(dir, "metrics.json")} has no "epochs" array`);
  return m;
}

/** Renders one plot to DIR/NAME.svg and DIR/NAME.png; returns the SVG text. */
export async function writePlot(dir: string, plot: Plot): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const svg = await toSvg(plot.spec);
  writeFileAtomic(join(dir, `${plot.name}.svg`), svg);
  writeFileAtomic(join(dir, `${plot.name}.png`), svgToPng(svg));
  return svg;
}

export async function writeReport(dir: string, metrics: MetricsFile = readMetrics(dir)): Promise<{ html: string; files: string[] }> {
  const plotDir = join(dir, "plots");
  const rendered: { title: string; svg: string; file: string }[] = [];
  const files: string[] = [];
  for (const p of trainingPlots(metrics)) {
    rendered.push({ title: p.title, svg: await writePlot(plotDir, p), file: `plots/${p.name}` });
    files.push(join(plotDir, `${p.name}.svg`), join(plotDir, `${p.name}.png`));
  }
  const html = join(dir, "report.html");
  writeFileAtomic(html, reportHtml(metrics, rendered));
  return { html, files };
}
