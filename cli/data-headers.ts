/**
 * `nnc check`'s DataHeaderSource: reads each data file's header at once (bounded reads, see
 * runtime/data/header.ts), once per file and format.
 */
import type { DataHeaderSource, HeaderLookup } from "../compiler/index.ts";
import { DataError } from "../runtime/data/errors.ts";
import { readDataHeader, type HeaderFormat } from "../runtime/data/header.ts";

export function readHeadersNow(): DataHeaderSource {
  const seen = new Map<string, HeaderLookup>();
  return {
    lookup(path: string, format: HeaderFormat): HeaderLookup {
      const key = `${format}\0${path}`;
      let found = seen.get(key);
      if (found === undefined) {
        try {
          found = { state: "ok", info: readDataHeader(path, format) };
        } catch (e) {
          if (!(e instanceof DataError)) throw e;
          found = { state: "error", message: e.message };
        }
        seen.set(key, found);
      }
      return found;
    },
  };
}
