/**
 * The runtime as one ES module with a URL of its own: generated modules (imported from blob: URLs in the
 * training worker) import it by that URL, and the training worker imports the same URL, so both share one
 * instance of the runtime's module state (WebAssembly instances, helper threads).
 */
export * from "../../runtime/browser.ts";
