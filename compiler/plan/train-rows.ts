/**
 * The training set's size as the run will see it, from the data files' headers: the source's rows (IDX
 * count, or a CSV read whole within the header bound), less a `limit`/`fraction` subset, less a
 * `split(train, f)` — so `nnc check` can convert epochs to steps as training will (schedule lengths, ranges).
 */
import type { DataHeaderSource } from "../context.ts";
import type { BlockSettings } from "../settings.ts";
import { subsetSize } from "../../runtime/data/subset.ts";

export function trainRowsFromHeaders(data: BlockSettings | undefined, headers: DataHeaderSource): number | undefined {
  const train = data?.settings.optional.call("train");
  // Only file sources count rows; a class subset (`classes = [5, 6, 7]`) keeps an unknown share of them.
  if (train === undefined || (train.entry.name !== "idx" && train.entry.name !== "csv")) return undefined;
  if (Array.isArray(train.args.optional.classes("classes"))) return undefined;
  let rows: number | undefined;
  if (train.entry.name === "idx") {
    const found = headers.lookup(train.args.string("images"), "idx-images");
    if (found.state === "ok" && found.info.kind === "idx") rows = found.info.dims[0];
  } else {
    const found = headers.lookup(train.args.string("path"), train.args.boolean("header") ? "csv-header" : "csv");
    if (found.state === "ok" && found.info.kind === "csv" && found.info.complete) rows = found.info.rows.length;
  }
  if (rows === undefined) return undefined;
  const limit = train.args.optional.number("limit");
  const fraction = train.args.optional.number("fraction");
  if (limit !== undefined) rows = Math.min(rows, subsetSize(rows, { limit }));
  else if (fraction !== undefined) rows = subsetSize(rows, { fraction });
  const validation = data?.settings.optional.call("validation");
  if (validation?.entry.name === "split") rows -= Math.ceil(rows * validation.args.number("fraction"));
  return rows >= 1 ? rows : undefined;
}
