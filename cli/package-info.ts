/** nnc's own package.json: beside cli/ in a clone, two folders up from the installed dist/cli/. */
import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const packageJson = new URL(import.meta.url.endsWith(".ts") ? "../package.json" : "../../package.json", import.meta.url);

export function packageVersion(): string {
  return (JSON.parse(readFileSync(packageJson, "utf8")) as { version: string }).version;
}

/**
 * This copy of nnc, for cache keys of generated modules: the version, when package.json was written (an install
 * or an upgrade writes it anew) and when this file was (a build writes it anew, which covers a linked checkout that
 * is rebuilt in place), so modules cached by an older nnc are not reused.
 */
export function installIdentity(): string {
  const written = (url: URL | string) => Math.trunc(statSync(fileURLToPath(url)).mtimeMs);
  return `${packageVersion()}@${written(packageJson)}@${written(import.meta.url)}`;
}
