/**
 * The `.nn` language for Monaco: a Monarch tokenizer with the same classes as the VS Code extension's
 * TextMate grammar (editors/vscode/syntaxes/nn.tmLanguage.json) and the extension's language configuration
 * (comments, brackets, auto-closing pairs, word pattern, indentation).
 */
import * as monaco from "./monaco.ts";
import configuration from "../../editors/vscode/language-configuration.json" with { type: "json" };
import { LANGUAGE_ID } from "./lsp-client.ts";

const tokens: monaco.languages.IMonarchLanguage = {
  defaultToken: "",
  tokenizer: {
    root: [
      [/#.*$/, "comment"],
      [/"/, "string", "@string"],
      [/\b(let)(\s+)([A-Za-z_]\w*)/, ["keyword", "", "variable"]],
      [/\b(model|data|train|schedule|early_stopping|ema)(?=\s*\{)/, "keyword"],
      [/\b(then|for)\b/, "keyword"],
      [/\b(true|false)\b/, "constant"],
      [/\b(steps?|epochs?)\b(?!\s*=)/, "keyword.unit"],
      [/[A-Za-z_]\w*(?=\s*:)/, "type"],
      [/[A-Za-z_]\w*(?=\s*=)/, "attribute.name"],
      [/[A-Za-z_]\w*(?=\s*\()/, "function"],
      [/(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/, "number"],
      [/[A-Za-z_]\w*/, "identifier"],
      [/[{}()[\]]/, "@brackets"],
      [/[-+*/^=]/, "operator"],
    ],
    string: [
      [/[^\\"]+/, "string"],
      [/\\./, "string.escape"],
      [/"/, "string", "@pop"],
    ],
  },
};

/** Colours close to VS Code's Light+ for the classes above (Monaco's own "vs" theme leaves calls and names plain). */
export const THEME = "nnc-light";

export function registerNnLanguage(): void {
  monaco.editor.defineTheme(THEME, {
    base: "vs",
    inherit: true,
    colors: {},
    rules: [
      { token: "function", foreground: "795E26" },
      { token: "type", foreground: "267F99" },
      { token: "attribute.name", foreground: "E50000" },
      { token: "variable", foreground: "001080" },
      { token: "keyword.unit", foreground: "0000FF", fontStyle: "italic" },
      { token: "constant", foreground: "0000FF" },
    ],
  });
  monaco.languages.register({ id: LANGUAGE_ID, extensions: [".nn"], aliases: ["nnc spec", "nn"] });
  monaco.languages.setMonarchTokensProvider(LANGUAGE_ID, tokens);
  monaco.languages.setLanguageConfiguration(LANGUAGE_ID, {
    comments: configuration.comments,
    brackets: configuration.brackets as monaco.languages.CharacterPair[],
    autoClosingPairs: configuration.autoClosingPairs,
    surroundingPairs: configuration.surroundingPairs.map(([open, close]) => ({ open: open!, close: close! })),
    wordPattern: new RegExp(configuration.wordPattern),
    indentationRules: {
      increaseIndentPattern: new RegExp(configuration.indentationRules.increaseIndentPattern),
      decreaseIndentPattern: new RegExp(configuration.indentationRules.decreaseIndentPattern),
    },
  });
}
