/** The folder a playground spec lives in, as the compiler and language server see it: data files resolve here. */
export const PLAYGROUND_DIR = "/playground/";
export const SPEC_PATH = PLAYGROUND_DIR + "spec.nn";
export const SPEC_URI = "file://" + SPEC_PATH;
