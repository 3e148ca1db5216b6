/**
 * The runtime for browsers (package export `nnc/runtime` under the `browser` condition, which bundlers
 * such as Vite pick for a page): everything runtime/index.ts exports, with the data loaders that
 * generated code calls (`loadIdx`, `loadCsv`) fetching their files by URL instead of reading paths.
 * Nothing here, or in what it imports, has a static `node:` import; what needs Node (writing files,
 * an output folder, worker_threads) says so when called (runtime/node.ts). See docs/browser.md.
 */
export * from "./index.ts";
export { fetchIdx as loadIdx, fetchCsv as loadCsv } from "./data/fetch.ts";
