import { describe, expect, it } from "vitest";
import { escapeMessage, escapeMessageLines, visibleExcerpt } from "../../../runtime/text/escape.ts";

describe("escapeMessage", () => {
  it("writes controls, separators and bidi characters as escapes", () => {
    expect(escapeMessage("a\u2028b\u0085c\u202Ed\re\nf\u001b[2Jg\u2066h\u00a0i")).toBe(
      "a\\u{2028}b\\u{0085}c\\u{202E}d\\re\\nf\\u{001B}[2Jg\\u{2066}h\u00a0i",
    );
  });
  it("leaves ordinary text (accents, CJK, emoji, backslashes) as it is, so escaping twice changes nothing", () => {
    const text = "données/数据/🙂 C:\\runs\\x";
    expect(escapeMessage(text)).toBe(text);
    const once = escapeMessage("x\u202Ey");
    expect(escapeMessage(once)).toBe(once);
  });
  it("keeps the line feeds of multi-line text when asked", () => {
    expect(escapeMessageLines("a\u202E\nb\rc")).toBe("a\\u{202E}\nb\\rc");
  });
  it("keeps columns in a source excerpt (one replacement character each; tabs stay)", () => {
    expect(visibleExcerpt("a\u202Eb\tc\u2028")).toBe("a\uFFFDb\tc\uFFFD");
  });
});
