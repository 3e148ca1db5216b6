/** Shorthands for writing registry entries compactly and uniformly. */
import type { DefaultValue, ParamSpec, ParamType, Range } from "./types.ts";

export const NUMBER: ParamType = { kind: "number" };
export const INTEGER: ParamType = { kind: "integer" };
export const BOOLEAN: ParamType = { kind: "boolean" };
export const PATH: ParamType = { kind: "path" };
export const DURATION: ParamType = { kind: "duration" };
export const DURATIONS: ParamType = { kind: "durations" };
export const NUMBERS: ParamType = { kind: "numbers" };
export const INTEGERS: ParamType = { kind: "integers" };
export const REFERENCE: ParamType = { kind: "reference" };
export const REFERENCES: ParamType = { kind: "references" };
export const SCHEDULE: ParamType = { kind: "schedule" };
export const INITIALIZER: ParamType = { kind: "call", role: "initializer" };

export function oneOf(...values: string[]): ParamType {
  return { kind: "enum", values };
}

/** A parameter with a default. */
export function opt(name: string, type: ParamType, def: DefaultValue | undefined, doc: string, range?: Range): ParamSpec {
  return { name, type, default: def, required: false, range, doc };
}

/** A parameter that must be given. */
export function req(name: string, type: ParamType, doc: string, range?: Range): ParamSpec {
  return { name, type, required: true, range, doc };
}
