/** An evaluated value as the spec would write it (`64`, `[3, 3]`, `relu`, `basic(64, stride = 2)`), for tables and docstrings. */
import type { Value } from "../values.ts";

export function printValue(v: Value): string {
  switch (v.kind) {
    case "number":
      return String(v.value);
    case "string":
      return JSON.stringify(v.value);
    case "boolean":
      return String(v.value);
    case "list":
      return `[${v.items.map(printValue).join(", ")}]`;
    case "duration":
      return `${v.amount} ${v.unit}`;
    case "word":
      return v.path.join(".");
    case "call":
      return v.hasParens
        ? `${v.name}(${v.args.map((a) => (a.name === undefined ? "" : `${a.name} = `) + printValue(a.value)).join(", ")})`
        : v.name;
    case "for":
      return `${printValue(v.value)} for ${printValue(v.duration)}`;
    case "sequence":
      return v.items.map(printValue).join(" then ");
  }
}
