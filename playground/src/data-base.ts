/**
 * Where a playground spec's data files live: the generated module is compiled with this base URL for its
 * data paths (its own URL is a blob: URL, against which no relative path resolves), and the training
 * worker answers fetches under it from memory. The `.invalid` top-level domain (RFC 2606) never resolves,
 * so nothing under it can reach the network.
 */
export const DATA_BASE = "https://data.nnc-playground.invalid/";
