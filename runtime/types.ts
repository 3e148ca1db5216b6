/** A flat float buffer in the run's precision; every kernel takes one of these plus an offset. */
export type FloatArray = Float32Array | Float64Array;

/** The element type of every float buffer of one compiled model. */
export type Precision = "f32" | "f64";

/** Bytes per element of a float buffer of the given precision. */
export function bytesPerFloat(precision: Precision): number {
  return precision === "f32" ? 4 : 8;
}
