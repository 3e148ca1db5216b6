// The language server the extension ships (bundled to dist/server.mjs by scripts/package.mjs, with the
// compiler and every dependency inside): the same server as `nnc lsp --stdio`, so the extension works with
// no nnc installed anywhere.
import { startStdioServer } from "../../../lsp/stdio.ts";

startStdioServer();
