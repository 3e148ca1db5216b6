import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // Committed generated examples import "nnc/runtime"; in the repository that is the runtime's source (the
  // package's `nnc-source` condition), which Vite does not resolve by the package's own name.
  resolve: {
    alias: [{ find: /^nnc\/runtime$/, replacement: fileURLToPath(new URL("./runtime/index.ts", import.meta.url)) }],
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    pool: "forks",
  },
});
