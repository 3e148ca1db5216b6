/**
 * The canonical formatter: two-space indentation, one statement per line, `{` on the statement's line,
 * every comment kept. An own-line comment stays before the statement that follows it (at that
 * statement's indentation), a trailing comment stays at the end of its line, and a comment written
 * inside a statement (between arguments, say) moves to its own line before that statement. At most one
 * blank line is kept where the source had any. print() is a function of the tree and its comments
 * alone, which is what makes print(parse(print(x))) === print(x).
 */
import type * as A from "./ast.ts";
import type { Diagnostic } from "./span.ts";
import { parse } from "./parse.ts";
import { INDENT, printCall, printExpression } from "./print-expression.ts";

export { MAX_LINE_WIDTH } from "./print-expression.ts";

export interface FormatResult {
  /** The canonical text, or undefined when the file has syntax errors (a broken file is never rewritten). */
  readonly output: string | undefined;
  readonly diagnostics: Diagnostic[];
}

export function formatSource(text: string): FormatResult {
  const { file, diagnostics } = parse(text);
  if (diagnostics.some((d) => d.severity === "error")) return { output: undefined, diagnostics };
  return { output: print(file), diagnostics };
}

export function print(file: A.File): string {
  const printer = new Printer(file.comments);
  printer.block(file.statements, 0, Number.POSITIVE_INFINITY);
  printer.flushComments(Number.POSITIVE_INFINITY, 0, true);
  const text = printer.lines.join("\n").replace(/\n+$/, "");
  return text === "" ? "" : text + "\n";
}

class Printer {
  readonly lines: string[] = [];
  private next = 0; // index of the first comment not yet printed
  /** Source line where the last printed item ended, for keeping blank lines; undefined at a block start. */
  private lastLine: number | undefined;
  private readonly comments: readonly A.Comment[];

  constructor(comments: readonly A.Comment[]) {
    this.comments = [...comments].sort((a, b) => a.span.start.offset - b.span.start.offset);
  }

  /** Statements at one indentation; `end` is the offset of the block's closing `}`. */
  block(statements: readonly A.Statement[], depth: number, end: number): void {
    for (let i = 0; i < statements.length; i++) {
      const limit = i + 1 < statements.length ? statements[i + 1].span.start.offset : end;
      this.statement(statements[i], depth, limit);
    }
  }

  /** Prints the comments that start before `offset` on their own lines. */
  flushComments(offset: number, depth: number, keepBlank: boolean): void {
    while (this.next < this.comments.length && this.comments[this.next].span.start.offset < offset) {
      const c = this.comments[this.next++];
      this.blankLineBefore(c.span.start.line, keepBlank);
      this.lines.push(INDENT.repeat(depth) + c.text.trimEnd());
      this.lastLine = c.span.end.line;
    }
  }

  private blankLineBefore(line: number, keepBlank: boolean): void {
    if (keepBlank && this.lastLine !== undefined && line > this.lastLine + 1) this.lines.push("");
  }

  /** The comment right after offset `after` on source line `line` (and before `limit`), if any. */
  private trailing(after: number, line: number, limit: number): string {
    const c = this.comments[this.next];
    if (!c || c.span.start.offset < after || c.span.start.offset >= limit || c.span.start.line !== line) return "";
    this.next++;
    return "  " + c.text.trimEnd();
  }

  private statement(s: A.Statement, depth: number, limit: number): void {
    const body = s.kind === "LayerStatement" || s.kind === "BlockStatement" || s.kind === "BlockDefinition" ? s.body : undefined;
    const headerEnd = body ? body.span.start.offset : s.span.end.offset;
    this.flushComments(s.span.start.offset, depth, true);
    this.blankLineBefore(s.span.start.line, true);
    // Comments inside the statement's header cannot stay where they were; they go just before it.
    this.flushComments(headerEnd, depth, false);
    const pad = INDENT.repeat(depth);
    const head = pad + this.header(s, depth, pad.length);
    if (!body) {
      this.lines.push(head + this.trailing(s.span.end.offset, s.span.end.line, limit));
      this.lastLine = s.span.end.line;
      return;
    }
    const closeOffset = body.span.end.offset - 1;
    const first = body.statements.length > 0 ? body.statements[0].span.start.offset : closeOffset;
    const afterOpen = this.trailing(body.span.start.offset, body.span.start.line, first);
    const hasInnerComments = this.next < this.comments.length && this.comments[this.next].span.start.offset < closeOffset;
    if (body.statements.length === 0 && afterOpen === "" && !hasInnerComments) {
      this.lines.push(head + " {}" + this.trailing(body.span.end.offset, body.span.end.line, limit));
      this.lastLine = body.span.end.line;
      return;
    }
    this.lines.push(head + " {" + afterOpen);
    this.lastLine = undefined;
    this.block(body.statements, depth + 1, closeOffset);
    this.flushComments(closeOffset, depth + 1, true);
    this.lines.push(pad + "}" + this.trailing(body.span.end.offset, body.span.end.line, limit));
    this.lastLine = body.span.end.line;
  }

  private header(s: A.Statement, depth: number, column: number): string {
    switch (s.kind) {
      case "LetStatement": {
        const prefix = "let " + s.name.name + " = ";
        return prefix + printExpression(s.value, depth, column + prefix.length);
      }
      case "SettingStatement": {
        const prefix = s.key.name + " = ";
        return prefix + printExpression(s.value, depth, column + prefix.length);
      }
      case "LayerStatement": {
        const prefix = s.name.name + ": ";
        return prefix + printCall(s.call, depth, column + prefix.length);
      }
      case "BlockStatement":
        return printCall(s.call, depth, column);
      case "BlockDefinition": {
        // The parameters print as a call's arguments: `block basic(c, stride = 1)`.
        const call: A.CallExpression = {
          kind: "CallExpression",
          callee: s.name,
          args: s.params,
          hasParens: s.params.length > 0,
          span: s.name.span,
        };
        return "block " + printCall(call, depth, column + 6);
      }
    }
  }
}
