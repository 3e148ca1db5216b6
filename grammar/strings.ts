/** String literal escapes: `\"`, `\\`, `\n`, `\t` (docs/language.md, "Lexical structure"). */

const decoded: Record<string, string> = { '"': '"', "\\": "\\", n: "\n", t: "\t" };

/** The value of a string token's text (quotes included; the closing quote may be missing). */
export function decodeString(image: string): string {
  const end = image.length > 1 && image.endsWith('"') && !isEscapedAt(image, image.length - 1) ? image.length - 1 : image.length;
  let out = "";
  for (let i = 1; i < end; i++) {
    const ch = image[i];
    if (ch === "\\" && i + 1 < end) {
      const next = image[i + 1];
      out += decoded[next] ?? next; // an unknown escape is reported by parse(); keep the character
      i++;
    } else if (ch !== "\\") {
      out += ch;
    }
  }
  return out;
}

function isEscapedAt(image: string, index: number): boolean {
  let backslashes = 0;
  for (let i = index - 1; i >= 0 && image[i] === "\\"; i--) backslashes++;
  return backslashes % 2 === 1;
}

/** Offsets (within the token text) of escapes the language does not define, e.g. `\q`. */
export function badEscapes(image: string): number[] {
  const out: number[] = [];
  for (let i = 1; i < image.length; i++) {
    if (image[i] !== "\\") continue;
    const next = image[i + 1];
    if (next !== undefined && decoded[next] === undefined) out.push(i);
    i++;
  }
  return out;
}

/** The source text of a string literal whose value is `value`. */
export function quoteString(value: string): string {
  let out = '"';
  for (const ch of value) {
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else out += ch;
  }
  return out + '"';
}
