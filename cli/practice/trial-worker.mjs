// Worker-thread entry: workers do not inherit the main thread's TypeScript loader, so register tsx here
// (as bin/nnc.js does) before loading the TypeScript worker body.
import { register } from "tsx/esm/api";

register();
await import("./trial-thread.ts");
