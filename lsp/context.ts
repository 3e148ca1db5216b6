/**
 * Where the cursor stands, for completion and hover: the enclosing blocks, the open calls and lists,
 * and what kind of value (a registry role, an enum, a layer name...) belongs there. It reads the tokens
 * of the grammar's own lexer up to the cursor, because a file being typed rarely parses into the
 * statement the user is in the middle of writing.
 */
import type { IToken } from "chevrotain";
import * as t from "../grammar/tokens.ts";
import { lookup, settingsSpecs } from "../compiler/index.ts";
import type { ParamSpec, ParamType, RegistryEntry } from "../compiler/index.ts";

/** A value of this type is expected; `layer` means a layer kind or an activation. */
export type Expected = ParamType | { readonly kind: "layer" } | undefined;

type Frame =
  | { kind: "call"; callee: string; entry: RegistryEntry | undefined; argName: string | undefined; index: number }
  | { kind: "list"; element: Expected };

/** Bodies of layers other than the model's: a block definition's, a residual's, a merge's, a branch's. */
export const LAYERS_BODY = "layers";
const STRUCTURES: readonly string[] = ["residual", "add", "concat", "branch"];

export type Position =
  /** Where a statement may start: keywords, setting keys, layers. */
  | { kind: "statement"; block: string }
  /** Right after `name:` in a model: a layer kind. */
  | { kind: "layerKind" }
  /** A value of the given type (after `=`, `then`, `[`, `,` in a list, or as a positional argument). */
  | { kind: "value"; expected: Expected; block: string }
  /** Right after `(` or `,` inside a call: argument names of `entry` (or of the block `callee`), or a positional value. */
  | { kind: "argument"; callee: string; entry: RegistryEntry | undefined; given: readonly string[]; expected: Expected; block: string };

export interface CursorContext {
  readonly position: Position;
  /** The partly typed word before the cursor. */
  readonly prefix: string;
  /** The block definition the cursor is in (`basic` in `block basic(c) { … }`), whose parameters are values there. */
  readonly definition: string | undefined;
}

export function resolveCall(name: string, expected: Expected): RegistryEntry | undefined {
  if (expected?.kind === "layer") return lookup("layer", name) ?? lookup("activation", name);
  if (expected?.kind === "call" || expected?.kind === "calls") return lookup(expected.role, name);
  if (expected?.kind === "schedule") return lookup("schedule", name);
  return undefined;
}

function isName(tok: IToken | undefined): boolean {
  return (
    tok !== undefined &&
    (tok.tokenType === t.Identifier ||
      tok.tokenType === t.Steps ||
      tok.tokenType === t.Step ||
      tok.tokenType === t.Epochs ||
      tok.tokenType === t.Epoch)
  );
}

function paramOf(specs: readonly ParamSpec[] | undefined, name: string | undefined): ParamSpec | undefined {
  return name === undefined ? undefined : specs?.find((p) => p.name === name);
}

/** The type expected as an element of a list of `type`. */
function elementOf(type: Expected): Expected {
  if (type?.kind === "calls") return { kind: "call", role: type.role };
  if (type?.kind === "references") return { kind: "references" };
  if (type?.kind === "durations") return { kind: "duration" };
  return undefined;
}

class Scanner {
  readonly blocks: string[] = [];
  /** The block definition each open `{` is in. */
  readonly definitions: (string | undefined)[] = [];
  frames: Frame[] = [];
  /** The key of the setting being written at bracket depth 0, or undefined at a layer or block. */
  key: string | undefined;

  constructor(private readonly tokens: readonly IToken[]) {}

  get block(): string {
    return this.blocks[this.blocks.length - 1] ?? "";
  }

  /** What belongs at a value position given the open frames. */
  expected(): Expected {
    const top = this.frames[this.frames.length - 1];
    if (top === undefined) {
      if (this.key === undefined) return this.block === "model" || this.block === LAYERS_BODY ? { kind: "layer" } : undefined;
      return paramOf(settingsSpecs[this.block]?.settings, this.key)?.type;
    }
    if (top.kind === "list") return top.element;
    // `repeat(3, basic(64), first = basic(64, stride = 2))`: a block or a layer after the count.
    if (top.callee === "repeat" && (top.argName === "first" || (top.argName === undefined && top.index >= 1))) return { kind: "layer" };
    const params = top.entry?.params;
    if (top.argName !== undefined) return paramOf(params, top.argName)?.type;
    return params?.[top.index]?.type;
  }

  run(): void {
    const toks = this.tokens;
    for (let i = 0; i < toks.length; i++) {
      const tok = toks[i];
      const tt = tok.tokenType;
      const top = this.frames[this.frames.length - 1];
      if (tt === t.LBrace) {
        this.definitions.push(this.definitionName(i) ?? this.definition);
        this.blocks.push(this.blockName(i));
        this.frames = [];
        this.key = undefined;
      } else if (tt === t.RBrace) {
        this.blocks.pop();
        this.definitions.pop();
        this.frames = [];
        this.key = undefined;
      } else if (isName(tok) && toks[i + 1]?.tokenType === t.Equals) {
        if (top === undefined) this.key = tok.image;
        else if (top.kind === "call") top.argName = tok.image;
      } else if (tt === t.Colon && top === undefined) {
        this.key = undefined;
      } else if (isName(tok) && top === undefined && !this.continuesValue(toks[i - 1])) {
        this.key = undefined; // a bare layer (`relu`) or a block name starts a new statement
      } else if (tt === t.Comma && top?.kind === "call") {
        top.argName = undefined;
        top.index++;
      } else if (tt === t.LParen) {
        const callee = isName(toks[i - 1]) ? toks[i - 1].image : "";
        this.frames.push({ kind: "call", callee, entry: resolveCall(callee, this.expected()), argName: undefined, index: 0 });
      } else if (tt === t.LBracket) {
        this.frames.push({ kind: "list", element: elementOf(this.expected()) });
      } else if ((tt === t.RParen && top?.kind === "call") || (tt === t.RBracket && top?.kind === "list")) {
        this.frames.pop();
      }
    }
  }

  /** Does a name after `prev` continue the current value rather than start a statement? */
  private continuesValue(prev: IToken | undefined): boolean {
    if (prev === undefined) return false;
    const tt = prev.tokenType;
    return (
      tt === t.Equals ||
      tt === t.Then ||
      tt === t.For ||
      tt === t.Plus ||
      tt === t.Minus ||
      tt === t.Star ||
      tt === t.Slash ||
      tt === t.Caret ||
      tt === t.Dot ||
      tt === t.Colon
    );
  }

  get definition(): string | undefined {
    return this.definitions[this.definitions.length - 1];
  }

  /** The name of the block whose `{` is at `brace`, and the index of that name's token. */
  private header(brace: number): { name: string; at: number } {
    let j = brace - 1;
    if (this.tokens[j]?.tokenType === t.RParen) {
      let depth = 0;
      for (; j >= 0; j--) {
        if (this.tokens[j].tokenType === t.RParen) depth++;
        else if (this.tokens[j].tokenType === t.LParen && --depth === 0) break;
      }
      j--;
    }
    return { name: this.tokens[j]?.image ?? "", at: j };
  }

  /** `block basic(c) {` → basic. */
  private definitionName(brace: number): string | undefined {
    const { name, at } = this.header(brace);
    return this.tokens[at - 1]?.tokenType === t.Block ? name : undefined;
  }

  /**
   * `model {` → model; `fc1: dense(8) {` or `dense(8) {` inside a model → layer (its overrides); a block
   * definition's, a residual's, a merge's or a branch's body holds layers as a model does.
   */
  private blockName(brace: number): string {
    const { name, at: j } = this.header(brace);
    if (this.tokens[j - 1]?.tokenType === t.Block) return LAYERS_BODY;
    const inLayers = this.block === "model" || this.block === LAYERS_BODY;
    if (inLayers && STRUCTURES.includes(name)) return LAYERS_BODY;
    if (this.tokens[j - 1]?.tokenType === t.Colon) return "layer";
    if (inLayers && settingsSpecs[name] === undefined) return "layer";
    return name;
  }
}

export function cursorContext(text: string, offset: number): CursorContext {
  const tokens = t.nnLexer.tokenize(text.slice(0, offset)).tokens;
  let prefix = "";
  const last = tokens[tokens.length - 1];
  if (last !== undefined && isWordToken(last) && last.endOffset === offset - 1) {
    prefix = last.image;
    tokens.pop();
  }
  const scan = new Scanner(tokens);
  scan.run();
  const prev = tokens[tokens.length - 1];
  const pt = prev?.tokenType;
  const top = scan.frames[scan.frames.length - 1];
  const block = scan.block;
  let position: Position;
  if (top?.kind === "call" && (pt === t.LParen || pt === t.Comma)) {
    const given = givenArgs(tokens);
    position = { kind: "argument", callee: top.callee, entry: top.entry, given, expected: scan.expected(), block };
  } else if (pt === t.Equals || pt === t.Then || (top?.kind === "list" && (pt === t.LBracket || pt === t.Comma))) {
    position = { kind: "value", expected: pt === t.Then ? { kind: "schedule" } : scan.expected(), block };
  } else if (top === undefined && pt === t.Colon) {
    position = { kind: "layerKind" };
  } else if (top === undefined) {
    position = { kind: "statement", block };
  } else {
    position = { kind: "value", expected: undefined, block };
  }
  return { position, prefix, definition: scan.definition };
}

function isWordToken(tok: IToken): boolean {
  return (
    isName(tok) ||
    tok.tokenType === t.Let ||
    tok.tokenType === t.Then ||
    tok.tokenType === t.For ||
    tok.tokenType === t.True ||
    tok.tokenType === t.False
  );
}

/** Names of the arguments already written in the innermost open call. */
function givenArgs(tokens: readonly IToken[]): string[] {
  const names: string[] = [];
  let depth = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const tt = tokens[i].tokenType;
    if (tt === t.RParen || tt === t.RBracket) depth++;
    else if (tt === t.LParen || tt === t.LBracket) {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && tt === t.Equals && isName(tokens[i - 1])) names.push(tokens[i - 1].image);
  }
  return names;
}

/**
 * The type expected of the value whose callee name ends at `calleeEnd` (for hover: which `linear`, the
 * layer or the schedule, is meant). The callee itself is scanned, so a bare name starts a new statement.
 */
export function expectedAt(text: string, calleeEnd: number): Expected {
  const tokens = t.nnLexer.tokenize(text.slice(0, calleeEnd)).tokens;
  const scan = new Scanner(tokens);
  scan.run();
  return scan.expected();
}
