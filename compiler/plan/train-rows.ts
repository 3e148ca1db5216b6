/**
 * The training set's size as the run will see it, from the data files' headers: the source's rows (IDX
 * count, or a CSV read whole within the header bound), less a `limit`/`fraction` subset, less a
 * `split(train, f)` — so `nnc check` can convert epochs to steps as training will (schedule lengths, ranges).
 */
import type { BoundCall } from "../bind.ts";
import type { DataHeaderSource } from "../context.ts";
import type { BlockSettings } from "../settings.ts";
import { setting } from "../settings.ts";
import { subsetSize } from "../../runtime/data/subset.ts";

export function trainRowsFromHeaders(data: BlockSettings | undefined, headers: DataHeaderSource): number | undefined {
  const train = setting<BoundCall>(data, "train");
  if (train === undefined || Array.isArray(train.args.get("classes")?.value)) return undefined;
  let rows: number | undefined;
  if (train.entry.name === "idx") {
    const found = headers.lookup(train.args.get("images")?.value as string, "idx-images");
    if (found.state === "ok" && found.info.kind === "idx") rows = found.info.dims[0];
  } else if (train.entry.name === "csv") {
    const found = headers.lookup(train.args.get("path")?.value as string, train.args.get("header")?.value === true ? "csv-header" : "csv");
    if (found.state === "ok" && found.info.kind === "csv" && found.info.complete) rows = found.info.rows.length;
  }
  if (rows === undefined) return undefined;
  const limit = train.args.get("limit")?.value;
  const fraction = train.args.get("fraction")?.value;
  if (typeof limit === "number") rows = Math.min(rows, subsetSize(rows, { limit }));
  else if (typeof fraction === "number") rows = subsetSize(rows, { fraction });
  const validation = setting<BoundCall>(data, "validation");
  if (validation?.entry.name === "split") rows -= Math.ceil(rows * (validation.args.get("fraction")?.value as number));
  return rows >= 1 ? rows : undefined;
}
