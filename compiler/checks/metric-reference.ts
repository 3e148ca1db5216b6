/** Monitored metrics name a declared data set and a metric: `validation.loss`, `train.accuracy`, `test.top_5`. */
import type { Span } from "../../grammar/span.ts";
import { diagnostic } from "../diagnostics.ts";
import { didYouMean, suggest } from "../did-you-mean.ts";
import type { CheckContext, Rule } from "../context.ts";
import type { NameRef } from "../convert.ts";

export const metricReference: Rule = {
  name: "metric-reference",
  run(ctx) {
    const refs: { ref: NameRef; span: Span }[] = [];
    const es = ctx.train?.blocks.get("early_stopping");
    const esMetric = es?.settings.optional.reference("metric");
    if (es !== undefined && esMetric !== undefined)
      refs.push({ ref: esMetric, span: es.settings.given("metric") ? (es.settings.span("metric") ?? es.nameSpan) : es.nameSpan });
    for (const s of ctx.schedules) {
      for (const it of s.items) {
        if (it.bound.entry.name !== "reduce_on_plateau") continue;
        const m = it.bound.args.optional.reference("metric");
        if (m !== undefined) refs.push({ ref: m, span: it.bound.args.span("metric") ?? it.bound.call.span });
      }
    }
    for (const { ref, span } of refs) checkMetric(ref, span, ctx);
  },
};

function checkMetric(ref: NameRef, span: Span, ctx: CheckContext): void {
  const sets = ["train", ...["validation", "test"].filter((k) => ctx.data?.present.has(k) === true)];
  const [set, metric, ...rest] = ref.path;
  const text = ref.path.join(".");
  if (metric === undefined || rest.length > 0) {
    ctx.out.push(diagnostic("NN2012", `\`${text}\` is not a metric reference: write \`<set>.<metric>\`, e.g. \`validation.loss\``, span));
    return;
  }
  if (!sets.includes(set)) {
    const suggestions = suggest(set, sets).map((s) => `${s}.${metric}`);
    const why = ["validation", "test"].includes(set) ? `no \`${set}\` set is declared in \`data\`` : `unknown data set \`${set}\``;
    ctx.out.push(diagnostic("NN2012", `${why} (known: ${sets.join(", ")})${didYouMean(suggestions)}`, span, "error", suggestions));
    return;
  }
  if (!["loss", "accuracy"].includes(metric) && !/^top_[1-9][0-9]*$/.test(metric)) {
    const suggestions = suggest(metric, ["loss", "accuracy"]).map((m) => `${set}.${m}`);
    ctx.out.push(
      diagnostic(
        "NN2012",
        `unknown metric \`${metric}\`: use loss, accuracy or top_k such as top_5${didYouMean(suggestions)}`,
        span,
        "error",
        suggestions,
      ),
    );
  }
}
