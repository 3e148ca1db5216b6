/**
 * How many periodic snapshots (`checkpoint_every`) a run keeps in snapshots/ when the spec does not say
 * `keep_last`. A module of its own, with no imports, because the compiler's registry reads it too.
 */
export const DEFAULT_KEEP_LAST = 5;
