// Preloaded with `node --require bench/peak-rss.cjs` by bench/run.ts: at exit, writes the process's peak
// resident set in KiB (VmHWM from /proc/self/status: all threads, and only this process — getrusage's
// ru_maxrss would include the peak of the parent it was forked from) to the file NNC_PEAK_RSS_FILE names,
// so a whole `nnc train` command can be compared with the PyTorch peer's own VmHWM.
const { readFileSync, writeFileSync } = require("node:fs");
process.on("exit", () => {
  if (!process.env.NNC_PEAK_RSS_FILE) return;
  const line = readFileSync("/proc/self/status", "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmHWM:"));
  writeFileSync(process.env.NNC_PEAK_RSS_FILE, String(Number(/\d+/.exec(line ?? "")?.[0] ?? NaN)));
});
