/**
 * Child process of hostile-data.test.ts: loads an IDX pair and prints the loader's error (if any) and the
 * process's peak resident memory, so the test can bound what a hostile file makes the loader allocate.
 */
import { loadIdx } from "../../runtime/data/index.ts";

const [images, labels] = process.argv.slice(2);
let error = "";
try {
  loadIdx(images, labels);
} catch (e) {
  error = (e as Error).message;
}
process.stdout.write(JSON.stringify({ maxRssMB: process.resourceUsage().maxRSS / 1024, error }) + "\n");
