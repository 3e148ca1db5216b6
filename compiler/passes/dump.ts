/**
 * `nnc compile --dump-ir`: each stage printed as what its pass added — the layers and their shapes, where
 * the tensors live, the kernel steps, the arena's buffers — in plain aligned columns for a person to read.
 */
import type { Stage } from "./ir.ts";
import { passes } from "./list.ts";

/** The section for one stage: its heading, then what the stage adds to the one before. */
export function dumpStage(ir: Stage): string {
  const pass = passes.find((p) => p.name === ir.stage);
  const heading = `== ${ir.stage}${pass ? `: ${pass.summary}` : ": the checked model"} ==`;
  return [heading, ...body(ir), ""].join("\n");
}

function body(ir: Stage): string[] {
  switch (ir.stage) {
    case "plan": {
      const { plan } = ir;
      const t = plan.training;
      return [
        `input [${plan.inputShape.join(", ")}] → output ${plan.outputSize} · ${t.precision} · batch ${t.batchSize} · ${plan.parameterCount} parameters`,
        `optimizer ${plan.optimizer.name} · loss ${plan.loss.kind}`,
        "layers:",
        ...table(
          plan.layers.map((l, i) => [
            l.name,
            l.kind,
            `${l.inputs.map((j) => shape(j < 0 ? plan.inputShape : plan.layers[j].outputShape)).join(" + ")} → ${shape(l.outputShape)}`,
          ]),
        ),
      ];
    }
    case "layout": {
      const { layout } = ir;
      return [
        `params ${layout.paramCount} floats · stats ${layout.statsCount} floats`,
        "tensors:",
        ...table(layout.tensors.map((t) => [t.name, `[${t.shape.join(", ")}]`, `${t.buffer}[${t.offset}, ${t.offset + t.size})`, t.layer])),
        "update groups:",
        ...table(
          layout.groups.map((g) => [
            `params[${g.start}, ${g.end})`,
            `lr×${g.lrMult} wd×${g.wdMult} l2×${g.l2x} l1 ${g.l1}`,
            g.tensors.join(", "),
          ]),
        ),
      ];
    }
    case "kernel-steps":
      return table(
        ir.steps.map((s) => [
          String(s.index),
          s.label,
          `${s.inputs.join(" + ")} → this.${s.output}`,
          [
            s.fusedRelu ? "fused relu" : "",
            s.foldsBatchNorm !== undefined ? `evaluation: ${s.foldsBatchNorm.name} folded in, writes this.${s.foldsBatchNorm.output}` : "",
            s.foldedInto !== undefined ? `evaluation: folded into step ${s.foldedInto}` : "",
            s.outputGrad !== undefined
              ? `gradient accumulated in ${s.outputGrad}${s.addsOutputGrad ? ", added to the next step's share in g by this step" : s.outputGradInG ? ", summed into g by the next step" : ""}`
              : "",
          ]
            .filter((c) => c !== "")
            .join(" · "),
        ]),
      );
    case "buffers": {
      const { buffers } = ir;
      return [
        ...table(
          buffers.allocations.map((a) => [
            a.name,
            `${a.size} ${a.kind}`,
            `bytes [${a.offset}, ${a.offset + a.bytes})`,
            a.sharesWith === undefined ? a.owner : `${a.owner} (in ${a.sharesWith}'s memory)`,
          ]),
        ),
        `arena ${buffers.bytes} bytes`,
        ...(buffers.reuse.after < buffers.reuse.before
          ? [`activation and gradient buffers ${buffers.reuse.before} bytes before reuse, ${buffers.reuse.after} after`]
          : []),
      ];
    }
  }
}

const shape = (dims: readonly number[]) => `[${dims.join(", ")}]`;

/** Rows of cells, each column padded to its widest cell, indented by two. */
function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  ")}`.trimEnd());
}

/** The text `nnc compile --dump-ir[=PASS]` prints: every stage up to PASS (all of them without one). */
export function dumpIr(stages: readonly Stage[], until?: Stage["stage"]): string {
  const end = until === undefined ? stages.length : stages.findIndex((s) => s.stage === until) + 1;
  return stages.slice(0, end).map(dumpStage).join("\n");
}
