/**
 * The `.nn` grammar (docs/language.md, "Grammar") as a Chevrotain LL(2) parser producing a CST, which
 * build-ast.ts turns into the syntax tree. The expression rules are read flat (see `expression`), so a
 * long run of operators cannot overflow the stack; bracket nesting is bounded by parse() before the
 * parser runs, and the parser gives up after MAX_PARSER_ERRORS errors so garbage input stays fast.
 */
import type { IParserErrorMessageProvider, IToken } from "chevrotain";
import { CstParser } from "./chevrotain.ts";
import * as t from "./tokens.ts";

/**
 * Chevrotain hands us the pieces of an error; we pass them through as JSON so parse() can word the
 * message with the context it knows (the tokens around the error), never Chevrotain's own dumps.
 */
export interface RawSyntaxError {
  readonly kind: "mismatch" | "noViableAlt" | "earlyExit" | "notAllInput";
  readonly expected: string | undefined; // token type name, for "mismatch"
  readonly rule: string;
}

const encode = (e: RawSyntaxError): string => JSON.stringify(e);
const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, ruleName }) => encode({ kind: "mismatch", expected: expected.name, rule: ruleName }),
  buildNotAllInputParsedMessage: ({ ruleName }) => encode({ kind: "notAllInput", expected: undefined, rule: ruleName }),
  buildNoViableAltMessage: ({ ruleName }) => encode({ kind: "noViableAlt", expected: undefined, rule: ruleName }),
  buildEarlyExitMessage: ({ ruleName }) => encode({ kind: "earlyExit", expected: undefined, rule: ruleName }),
};

// Alternatives are built through these helpers rather than as `{ ALT: () => ... }` literals: a
// transpiler that keeps function names (tsx does) would otherwise rename every such arrow on every
// rule invocation, which made parsing several times slower.
function alt(fn: () => unknown): { ALT: () => unknown } {
  return { ALT: fn };
}
function gated(gate: () => boolean, def: () => unknown): { GATE: () => boolean; DEF: () => unknown } {
  return { GATE: gate, DEF: def };
}

/** Error recovery costs a grammar walk per error; past this many the rest of the input is cut off. */
export const MAX_PARSER_ERRORS = 120;

/** The Chevrotain internals the error cap touches (stable within Chevrotain 11). */
interface ParserInternals {
  SAVE_ERROR(error: unknown): unknown;
  _errors: unknown[];
  tokVector: IToken[];
  tokVectorLength: number;
  currIdx: number;
  maxLookahead: number;
}

export class NnParser extends CstParser {
  /**
   * `validate` runs Chevrotain's checks of the grammar itself (ambiguous alternatives, left recursion, …), which
   * throw on a faulty grammar and took 6 of the 24 ms of building the parser in every cold `nnc check`. The
   * grammar is fixed when nnc is built, so a test (test/grammar/parse.test.ts) builds one parser with them and
   * the parser nnc uses skips them, as Chevrotain advises.
   */
  constructor({ validate = false }: { validate?: boolean } = {}) {
    super(t.allTokens, { recoveryEnabled: true, maxLookahead: 2, errorMessageProvider: errorMessages, skipValidations: !validate });
    this.performSelfAnalysis();
    // After too many errors, make the input end here: recovery then unwinds at once, keeping the CST so far.
    const self = this as unknown as ParserInternals;
    const save = self.SAVE_ERROR.bind(this);
    self.SAVE_ERROR = (e: unknown) => {
      const saved = save(e);
      if (self._errors.length >= MAX_PARSER_ERRORS && self.tokVectorLength > self.currIdx + 1) {
        // Same shape as a real end of input: the tokens read so far, then Chevrotain's EOF sentinels.
        const eof = this.LA(Number.MAX_SAFE_INTEGER);
        const kept = self.tokVector.slice(0, Math.max(0, self.currIdx + 1));
        self.tokVectorLength = kept.length;
        for (let i = 0; i <= self.maxLookahead; i++) kept.push(eof);
        self.tokVector = kept;
      }
      return saved;
    };
  }

  /** File := Statement*  (`;` and `,` between statements are allowed and ignored) */
  public file = this.RULE("file", () => {
    this.MANY(() =>
      this.OR([alt(() => this.SUBRULE(this.statement)), alt(() => this.CONSUME(t.Semicolon)), alt(() => this.CONSUME(t.Comma))]),
    );
  });

  /**
   * Statement := "let" Ident "=" Expr | "block" Ident Args? Body | Ident ":" Ident Args? Body? | Key "=" Expr
   *            | Ident Args? Body?
   * The shortest alternative comes last so two tokens of lookahead pick the longer ones first.
   */
  public statement = this.RULE("statement", () => {
    this.OR([
      alt(() => this.SUBRULE(this.letStatement)),
      alt(() => this.SUBRULE(this.blockDefinition)),
      alt(() => this.SUBRULE(this.layerStatement)),
      alt(() => this.SUBRULE(this.settingStatement)),
      alt(() => this.SUBRULE(this.blockStatement)),
    ]);
  });

  /** "let" Ident "=" Expr */
  public letStatement = this.RULE("letStatement", () => {
    this.CONSUME(t.Let);
    this.CONSUME(t.Identifier);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
  });

  /** "block" Ident Args? Body — a reusable block of layers; its arguments are its parameters. */
  public blockDefinition = this.RULE("blockDefinition", () => {
    this.CONSUME(t.Block);
    this.CONSUME(t.Identifier);
    this.OPTION(() => this.SUBRULE(this.args));
    this.SUBRULE(this.body);
  });

  /** Name ":" Ident Args? Body?, where Name := Ident | "block" (a layer may be named `block`, as a module attribute may) */
  public layerStatement = this.RULE("layerStatement", () => {
    this.OR([alt(() => this.CONSUME1(t.Identifier, { LABEL: "name" })), alt(() => this.CONSUME(t.Block, { LABEL: "name" }))]);
    this.CONSUME(t.Colon);
    this.CONSUME2(t.Identifier, { LABEL: "callee" });
    this.OPTION1(() => this.SUBRULE(this.args));
    this.OPTION2(() => this.SUBRULE(this.body));
  });

  /** Key "=" Expr, where Key := Ident | unit keyword */
  public settingStatement = this.RULE("settingStatement", () => {
    this.SUBRULE(this.key);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
  });

  /** Ident Args? Body? */
  public blockStatement = this.RULE("blockStatement", () => {
    this.CONSUME(t.Identifier);
    this.OPTION1(() => this.SUBRULE(this.args));
    this.OPTION2(() => this.SUBRULE(this.body));
  });

  /** Key := Ident | unit keyword */
  public key = this.RULE("key", () => {
    this.OR([alt(() => this.CONSUME(t.Identifier)), alt(() => this.CONSUME(t.Unit))]);
  });

  /** Body := "{" Statement* "}" */
  public body = this.RULE("body", () => {
    this.CONSUME(t.LBrace);
    this.MANY(() =>
      this.OR([alt(() => this.SUBRULE(this.statement)), alt(() => this.CONSUME(t.Semicolon)), alt(() => this.CONSUME(t.Comma))]),
    );
    this.CONSUME(t.RBrace);
  });

  /** Args := "(" (Arg ("," Arg)*)? ","? ")" */
  public args = this.RULE("args", () => {
    this.CONSUME(t.LParen);
    this.OPTION1(() => {
      this.SUBRULE1(this.argument);
      this.MANY(() => {
        this.CONSUME1(t.Comma);
        this.SUBRULE2(this.argument);
      });
    });
    this.OPTION2(() => this.CONSUME2(t.Comma));
    this.CONSUME(t.RParen);
  });

  /** Arg := (Key "=")? Expr  — the doc says Ident; a unit keyword is accepted too, as for settings (`steps = 500`). */
  public argument = this.RULE("argument", () => {
    this.OPTION(() => {
      this.SUBRULE(this.key);
      this.CONSUME(t.Equals);
    });
    this.SUBRULE(this.expression);
  });

  /**
   * Expr := ForExpr ("then" ForExpr)*, ForExpr := Additive ("for" Additive)?,
   * Additive := Multiplicative (("+" | "-") Multiplicative)*, Multiplicative := Unary (("*" | "/") Unary)*,
   * Power := Postfix ("^" Unary)?
   * — read flat as Operand (Operator Operand)*; build-ast.ts applies the precedence and associativity of
   * these rules (and rejects a second `for`). One rule instead of six keeps the parser's recursion per
   * bracket level small and makes it several times faster on long files.
   */
  public expression = this.RULE("expression", () => {
    this.SUBRULE1(this.operand);
    this.MANY(() => {
      this.OR([
        alt(() => this.CONSUME(t.Then, { LABEL: "operator" })),
        alt(() => this.CONSUME(t.For, { LABEL: "operator" })),
        alt(() => this.CONSUME(t.Plus, { LABEL: "operator" })),
        alt(() => this.CONSUME(t.Minus, { LABEL: "operator" })),
        alt(() => this.CONSUME(t.Star, { LABEL: "operator" })),
        alt(() => this.CONSUME(t.Slash, { LABEL: "operator" })),
        alt(() => this.CONSUME(t.Caret, { LABEL: "operator" })),
      ]);
      this.SUBRULE2(this.operand);
    });
  });

  /**
   * Unary := "-" Unary | Power, Postfix := Primary Unit?,
   * Primary := Number | String | "true" | "false" | List | "(" Expr ")" | Ref Args?
   * — read as "-"* Primary Unit?. A unit keyword directly followed by `=` starts the next statement,
   * and one followed by `(` is a call (`step(...)`), instead of being a unit.
   */
  public operand = this.RULE("operand", () => {
    this.MANY(() => this.CONSUME(t.Minus));
    this.OR([
      alt(() => this.CONSUME(t.NumberLiteral)),
      alt(() => this.CONSUME(t.StringLiteral)),
      alt(() => this.CONSUME(t.True)),
      alt(() => this.CONSUME(t.False)),
      alt(() => this.SUBRULE(this.list)),
      alt(() => this.SUBRULE(this.parenExpression)),
      alt(() => this.SUBRULE(this.reference)),
    ]);
    this.OPTION(
      gated(
        () => this.LA(2).tokenType !== t.Equals && this.LA(2).tokenType !== t.LParen,
        () => this.CONSUME(t.Unit),
      ),
    );
  });

  /** "(" Expr ")" */
  public parenExpression = this.RULE("parenExpression", () => {
    this.CONSUME(t.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(t.RParen);
  });

  /**
   * Ref Args?, where Ref := Ident ("." Ident)*. A unit keyword where a value starts is a name too, so the
   * StepLR-style schedule can be called `step(...)` and `per = step` names a unit.
   */
  public reference = this.RULE("reference", () => {
    this.OR([alt(() => this.CONSUME1(t.Identifier)), alt(() => this.CONSUME3(t.Unit, { LABEL: "Identifier" }))]);
    this.MANY(() => {
      this.CONSUME(t.Dot);
      this.CONSUME2(t.Identifier);
    });
    this.OPTION(() => this.SUBRULE(this.args));
  });

  /** List := "[" (Expr ("," Expr)*)? ","? "]" */
  public list = this.RULE("list", () => {
    this.CONSUME(t.LBracket);
    this.OPTION1(() => {
      this.SUBRULE1(this.expression);
      this.MANY(() => {
        this.CONSUME1(t.Comma);
        this.SUBRULE2(this.expression);
      });
    });
    this.OPTION2(() => this.CONSUME2(t.Comma));
    this.CONSUME(t.RBracket);
  });
}

/** Building the grammar is costly (self-analysis); one shared parser instance serves every parse. */
let shared: NnParser | undefined;
export function sharedParser(): NnParser {
  shared ??= new NnParser();
  return shared;
}

/** Drops the shared parser, after an exception left its internal state unknown. */
export function discardSharedParser(): void {
  shared = undefined;
}
