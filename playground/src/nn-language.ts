/**
 * The `.nn` language for Monaco: a Monarch tokenizer with the same classes as the VS Code extension's
 * TextMate grammar (editors/vscode/syntaxes/nn.tmLanguage.json) and the extension's language configuration
 * (comments, brackets, auto-closing pairs, word pattern, indentation).
 */
import * as monaco from "monaco-editor/esm/vs/editor/editor.api.js";
import configuration from "../../editors/vscode/language-configuration.json";
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

export function registerNnLanguage(): void {
  monaco.languages.register({ id: LANGUAGE_ID, extensions: [".nn"], aliases: ["nnc spec", "nn"] });
  monaco.languages.setMonarchTokensProvider(LANGUAGE_ID, tokens);
  monaco.languages.setLanguageConfiguration(LANGUAGE_ID, {
    comments: configuration.comments,
    brackets: configuration.brackets as monaco.languages.CharacterPair[],
    autoClosingPairs: configuration.autoClosingPairs,
    surroundingPairs: configuration.surroundingPairs.map(([open, close]) => ({ open: open!, close: close! })),
    wordPattern: new RegExp(configuration.wordPattern),
    indentationRules: { increaseIndentPattern: new RegExp(configuration.indentationRules.increaseIndentPattern), decreaseIndentPattern: new RegExp(configuration.indentationRules.decreaseIndentPattern) },
  });
}
