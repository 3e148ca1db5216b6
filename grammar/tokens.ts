/**
 * The lexical structure of `.nn` (docs/language.md, "Lexical structure") as Chevrotain token types.
 * Comments go to their own group so the printer can keep them; whitespace is skipped.
 */
import type { TokenType } from "chevrotain";
import { createToken, Lexer } from "./chevrotain.ts";

export const Whitespace = createToken({ name: "Whitespace", pattern: /[ \t\r\n\f\v]+/, group: Lexer.SKIPPED, line_breaks: true });
export const Comment = createToken({ name: "Comment", pattern: /#[^\r\n]*/, group: "comments" });

export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/ });

function keyword(name: string, word: string, categories: TokenType[] = []): TokenType {
  return createToken({ name, pattern: new RegExp(word), longer_alt: Identifier, categories });
}

/** `step`, `steps`, `epoch`, `epochs`: a unit after a number, or a setting name before `=`. */
export const Unit = createToken({ name: "Unit", pattern: Lexer.NA });
// Longer words first so `steps` is not lexed as `step` + `s` (longer_alt only guards against identifiers).
export const Steps = keyword("Steps", "steps", [Unit]);
export const Step = keyword("Step", "step", [Unit]);
export const Epochs = keyword("Epochs", "epochs", [Unit]);
export const Epoch = keyword("Epoch", "epoch", [Unit]);
export const Let = keyword("Let", "let");
export const Block = keyword("Block", "block");
export const Then = keyword("Then", "then");
export const For = keyword("For", "for");
export const True = keyword("True", "true");
export const False = keyword("False", "false");

export const NumberLiteral = createToken({ name: "NumberLiteral", pattern: /(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/ });
/** Any string token; the parser consumes this category so an unterminated string still yields a value. */
export const StringLiteral = createToken({ name: "StringLiteral", pattern: Lexer.NA });
export const TerminatedString = createToken({
  name: "TerminatedString",
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/,
  categories: [StringLiteral],
});
/** A string that reaches the end of its line; reported as NN1002 by parse(). */
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/,
  categories: [StringLiteral],
});

export const LBrace = createToken({ name: "LBrace", pattern: /\{/ });
export const RBrace = createToken({ name: "RBrace", pattern: /\}/ });
export const LParen = createToken({ name: "LParen", pattern: /\(/ });
export const RParen = createToken({ name: "RParen", pattern: /\)/ });
export const LBracket = createToken({ name: "LBracket", pattern: /\[/ });
export const RBracket = createToken({ name: "RBracket", pattern: /\]/ });
export const Comma = createToken({ name: "Comma", pattern: /,/ });
export const Semicolon = createToken({ name: "Semicolon", pattern: /;/ });
export const Colon = createToken({ name: "Colon", pattern: /:/ });
export const Equals = createToken({ name: "Equals", pattern: /=/ });
export const Plus = createToken({ name: "Plus", pattern: /\+/ });
export const Minus = createToken({ name: "Minus", pattern: /-/ });
export const Star = createToken({ name: "Star", pattern: /\*/ });
export const Slash = createToken({ name: "Slash", pattern: /\// });
export const Caret = createToken({ name: "Caret", pattern: /\^/ });
// After NumberLiteral so `.5` is a number, not `.` followed by `5`.
export const Dot = createToken({ name: "Dot", pattern: /\./ });

/** Order matters: keywords before Identifier, numbers before `.`, terminated strings before unterminated ones. */
export const allTokens: TokenType[] = [
  Whitespace,
  Comment,
  Steps,
  Step,
  Epochs,
  Epoch,
  Let,
  Block,
  Then,
  For,
  True,
  False,
  Unit,
  Identifier,
  NumberLiteral,
  TerminatedString,
  UnterminatedString,
  StringLiteral,
  LBrace,
  RBrace,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Semicolon,
  Colon,
  Equals,
  Plus,
  Minus,
  Star,
  Slash,
  Caret,
  Dot,
];

/** How a token type is named in messages: punctuation in backticks, the rest in words. */
export const tokenDescriptions: ReadonlyMap<TokenType, string> = new Map<TokenType, string>([
  [Identifier, "a name"],
  [NumberLiteral, "a number"],
  [StringLiteral, "a string"],
  [TerminatedString, "a string"],
  [UnterminatedString, "a string"],
  [Unit, "a unit (`steps` or `epochs`)"],
  [Steps, "`steps`"],
  [Step, "`step`"],
  [Epochs, "`epochs`"],
  [Epoch, "`epoch`"],
  [Let, "`let`"],
  [Block, "`block`"],
  [Then, "`then`"],
  [For, "`for`"],
  [True, "`true`"],
  [False, "`false`"],
  [LBrace, "`{`"],
  [RBrace, "`}`"],
  [LParen, "`(`"],
  [RParen, "`)`"],
  [LBracket, "`[`"],
  [RBracket, "`]`"],
  [Comma, "`,`"],
  [Semicolon, "`;`"],
  [Colon, "`:`"],
  [Equals, "`=`"],
  [Plus, "`+`"],
  [Minus, "`-`"],
  [Star, "`*`"],
  [Slash, "`/`"],
  [Caret, "`^`"],
  [Dot, "`.`"],
]);

export const nnLexer = new Lexer(allTokens, { positionTracking: "full", ensureOptimizations: false });
