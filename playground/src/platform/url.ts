/** node:url for the compiler in the page: file URLs of the virtual folder (see virtual-dir.ts) and back. */
export function fileURLToPath(url: string | URL): string {
  const u = typeof url === "string" ? new URL(url) : url;
  if (u.protocol !== "file:") throw new TypeError(`The URL must be of scheme file: ${u.href}`);
  return decodeURIComponent(u.pathname);
}

export function pathToFileURL(path: string): URL {
  return new URL("file://" + encodeURI(path));
}

export default { fileURLToPath, pathToFileURL };
