import { defineConfig } from "vite";
import { nnc } from "nnc/vite";

// Cross-origin isolation (these two headers) lets training use several Web Workers over shared memory;
// without them the same page trains on one thread and says so. The plugin itself needs no options.
const isolated = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" };

export default defineConfig({
  plugins: [nnc()],
  server: { headers: isolated },
  preview: { headers: isolated },
});
