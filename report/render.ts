/**
 * Rendering without a browser: Vega-Lite compiles to a Vega dataflow whose headless View writes SVG;
 * resvg (a prebuilt Rust rasteriser, no system libraries) turns the SVG into PNG.
 */
import * as vega from "vega";
import { compile } from "vega-lite";
import { Resvg } from "@resvg/resvg-js";
import type { TopLevelSpec } from "vega-lite";

export async function toSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export function svgToPng(svg: string): Buffer {
  return new Resvg(svg, { background: "white", font: { loadSystemFonts: true }, fitTo: { mode: "zoom", value: 2 } }).render().asPng();
}
