/**
 * The page's state lives in the URL, as TensorFlow Playground's does: `#spec=` followed by the base64url
 * encoding (RFC 4648 §5, no padding) of the spec's UTF-8 text, so a link reproduces the page.
 */

export function encodeSpec(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The spec of a `#spec=…` hash, or an error saying why the link is unreadable; undefined when there is none. */
export function decodeSpecHash(hash: string): { spec: string } | { error: string } | undefined {
  const match = /(?:^#|&)spec=([^&]*)/.exec(hash);
  if (!match) return undefined;
  const data = match[1]!;
  if (!/^[A-Za-z0-9_-]*$/.test(data)) return { error: "the link's #spec= part is not base64url text" };
  const padded = data.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (data.length % 4)) % 4);
  try {
    const binary = atob(padded);
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return { spec: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { error: "the link's #spec= part does not decode to UTF-8 text" };
  }
}

export function shareUrl(location: { origin: string; pathname: string; search: string }, text: string): string {
  return `${location.origin}${location.pathname}${location.search}#spec=${encodeSpec(text)}`;
}
