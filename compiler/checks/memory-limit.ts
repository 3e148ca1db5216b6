/**
 * A spec that checks must also fit in memory: the arena a run allocates (compiler/codegen/arena-size.ts,
 * the same numbers the generated constructor uses) must fit WebAssembly's 4 GiB, and L-BFGS's history
 * (kept outside the arena) must not be larger than that either. Each error points at the size that
 * makes it too large — `batch_size`, the widest layer, `history_size` — and says what would fit.
 * Runs on the assembled plan, after every other check, because only then are the buffers known.
 */
import type { Diagnostic, Span } from "../../grammar/span.ts";
import { estimateMemory, WASM_MEMORY_LIMIT, WORKSPACE_RESERVE } from "../codegen/arena-size.ts";
import type { CheckContext } from "../context.ts";
import { diagnostic } from "../diagnostics.ts";
import type { Plan } from "../ir.ts";
import { formatBytes, groupDigits, layerParameters } from "../summary.ts";

/** L-BFGS's history may take as much memory as the whole arena may, and no more. */
export const LBFGS_HISTORY_LIMIT = WASM_MEMORY_LIMIT;

export function checkMemory(plan: Plan, ctx: CheckContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const m = estimateMemory(plan);
  const limit = formatBytes(WASM_MEMORY_LIMIT);
  const usable = WASM_MEMORY_LIMIT - WORKSPACE_RESERVE;
  if (!(m.arenaBytes <= usable)) {
    const batch = plan.training.batchSize;
    const fixed = m.fixedBytes;
    const maxBatch = Math.floor((usable - fixed) / m.bytesPerSample);
    const needs =
      `needs ${formatBytes(m.arenaBytes)} of WebAssembly memory (${formatBytes(fixed)} for the parameters, gradients and optimizer state, ` +
      `${formatBytes(m.bytesPerSample)} per sample of the batch); the limit is ${limit}, ${formatBytes(WORKSPACE_RESERVE)} of it kept for the kernels' workspace`;
    if (maxBatch >= 1 && Number.isFinite(fixed)) {
      const given = ctx.train?.settings.given("batch_size") === true;
      const span = (given ? ctx.train?.settings.span("batch_size") : ctx.train?.nameSpan) ?? ctx.fileStart;
      out.push(diagnostic("NN4017", `\`batch_size = ${batch}\` ${needs}: batch_size can be at most ${groupDigits(maxBatch)}`, span));
    } else {
      // The batch is not the problem: name the layer that is, by parameters or else by output size.
      const byParams = fixed > usable || !Number.isFinite(fixed);
      let widest = plan.layers[0];
      let widestSize = -1;
      for (const l of plan.layers) {
        const size = byParams ? layerParameters(l) : l.outputSize;
        if (size > widestSize) [widest, widestSize] = [l, size];
      }
      const what = byParams
        ? `\`${widest.name}\` has ${groupDigits(widestSize)} parameters`
        : `\`${widest.name}\` outputs ${groupDigits(widestSize)} values per sample`;
      out.push(diagnostic("NN4017", `this model ${needs}; ${what}`, widest?.span ?? ctx.fileStart));
    }
  }
  if (plan.optimizer.name === "lbfgs") {
    const history = plan.optimizer.historySize;
    const bytes = history * m.lbfgsPairBytes;
    if (!(bytes <= LBFGS_HISTORY_LIMIT)) {
      const span: Span = ctx.optimizer?.args.span("history_size") ?? ctx.optimizer?.call.span ?? ctx.fileStart;
      const most = Math.floor(LBFGS_HISTORY_LIMIT / m.lbfgsPairBytes);
      out.push(
        diagnostic(
          "NN4018",
          `\`history_size = ${history}\` keeps up to ${groupDigits(history)} pairs of ${formatBytes(m.lbfgsPairBytes)} (two floats per parameter): ${formatBytes(bytes)}; the limit is ${limit}, so history_size can be at most ${groupDigits(most)}`,
          span,
        ),
      );
    }
  }
  return out;
}
