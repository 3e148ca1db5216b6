// Preloaded with `node --require bench/peak-rss.cjs` by bench/run.ts: at exit, writes the process's peak
// resident set (all threads, in KiB as getrusage reports it) to the file named by NNC_PEAK_RSS_FILE, so a
// whole `nnc train` command can be compared with the PyTorch peer's own ru_maxrss.
const { writeFileSync } = require("node:fs");
process.on("exit", () => {
  if (process.env.NNC_PEAK_RSS_FILE) writeFileSync(process.env.NNC_PEAK_RSS_FILE, String(process.resourceUsage().maxRSS));
});
