/** Diagnostic codes of the front end (NN1xxx), in one place so tools and docs can list them. */
export const syntaxCodes = {
  NN1001: { code: "NN1001", description: "a character that cannot start any token" },
  NN1002: { code: "NN1002", description: "a string without its closing quote on the same line" },
  NN1003: { code: "NN1003", description: "a token where the grammar expects something else (or a missing token)" },
  NN1004: { code: "NN1004", description: "brackets or an expression nested too deeply to parse safely" },
  NN1005: { code: "NN1005", description: 'an escape in a string other than \\", \\\\, \\n or \\t' },
  NN1006: { code: "NN1006", description: "a call on a dotted name such as `a.b(1)`; only plain names can be called" },
  NN1007: { code: "NN1007", description: "too many syntax errors; the rest of the file is not reported" },
} as const;

export type SyntaxCode = keyof typeof syntaxCodes;
