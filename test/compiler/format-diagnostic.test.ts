import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../compiler/index.ts";

describe("formatDiagnostic", () => {
  it("prints file:line:col, severity, code and message, then the line with a caret under the span", () => {
    const source = "train {\n  optimizer = adma()\n}\n";
    const d = {
      code: "NN2002",
      severity: "error" as const,
      message: "unknown optimizer `adma`; did you mean `adam`?",
      span: { start: { offset: 22, line: 2, column: 15 }, end: { offset: 26, line: 2, column: 19 } },
    };
    expect(formatDiagnostic(d, "spec.nn", source)).toBe(
      [
        "spec.nn:2:15: error NN2002: unknown optimizer `adma`; did you mean `adam`?",
        "   2 |   optimizer = adma()",
        "     |               ^~~~",
      ].join("\n"),
    );
  });

  it("draws a single caret for an empty span", () => {
    const d = {
      code: "NN4001",
      severity: "error" as const,
      message: "m",
      span: { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } },
    };
    expect(formatDiagnostic(d, "a.nn", "x = 1\n").split("\n")[2]).toBe("     | ^");
  });
});
