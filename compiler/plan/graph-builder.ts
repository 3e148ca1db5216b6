/**
 * Expands a model's statements — layers, block instances, repetitions, residuals and merges — into one flat
 * list of layers in topological order, each naming the layers it reads (LayerBase.inputs), and the module
 * tree (model-scope.ts) that names them by path as PyTorch would: `layer1.0.conv1`.
 */
import type { BlockDefinition, Body, Statement } from "../../grammar/ast.ts";
import type { Span } from "../../grammar/span.ts";
import { diagnostic } from "../diagnostics.ts";
import { evaluate } from "../evaluate.ts";
import { lookup, settingsSpecs } from "../registry/index.ts";
import { bindSettings, type SettingsContext } from "../settings.ts";
import { asCall, type CallValue } from "../values.ts";
import { bindInstance } from "./block-instance.ts";
import { explicitNames } from "./explicit-names.ts";
import { buildLayer, type GraphValue, type LayerInfo, type ModelDefaults } from "./layer.ts";
import { Namer, ScopeBuilder } from "./model-scope.ts";
import { buildMerge, buildResidual } from "./merges.ts";
import { buildRepeat } from "./repeat.ts";
import type { Frame, GraphBuilding, MemberName, NamedStatement } from "./graph-frame.ts";

export class GraphBuilder implements GraphBuilding {
  readonly layers: LayerInfo[] = [];

  constructor(
    readonly blocks: ReadonlyMap<string, BlockDefinition>,
    readonly defaults: ModelDefaults,
    readonly ctx: SettingsContext,
  ) {}

  /** Builds statements one after another from `input`; returns the value the last one produces. */
  sequence(statements: readonly Statement[], input: GraphValue, frame: Frame): GraphValue {
    let value = input;
    for (const s of statements) value = this.statement(s, value, frame) ?? value;
    return value;
  }

  private statement(s: Statement, input: GraphValue, frame: Frame): GraphValue | undefined {
    if (s.kind !== "LayerStatement" && s.kind !== "BlockStatement") {
      const what = s.kind === "BlockDefinition" ? "a block is defined at the top level" : "settings belong in `model { }`";
      this.ctx.out.push(diagnostic("NN2010", `a block's body holds layers; ${what}`, s.span));
      return undefined;
    }
    const callee = s.call.callee.name;
    if (callee === "residual") return buildResidual(this, s, input, frame);
    if (callee === "add" || callee === "concat") return buildMerge(this, callee, s, input, frame);
    if (callee === "repeat") return buildRepeat(this, s, input, frame);
    if (callee === "branch") {
      this.ctx.out.push(diagnostic("NN4024", "a `branch { }` stands inside `add { }` or `concat { }`", s.call.callee.span));
      return undefined;
    }
    const value = evaluate(s.call, frame.constants, this.ctx.out);
    const call = value === undefined ? undefined : asCall(value);
    if (call === undefined) return undefined;
    if (this.blocks.has(call.name)) {
      const name = this.memberName(s, call.name, frame);
      return name === undefined ? undefined : this.instance(call, name, s.body, input, frame);
    }
    const entry = lookup("layer", call.name) ?? lookup("activation", call.name);
    const name =
      entry === undefined || entry.reserved === true
        ? { local: call.name, explicit: false, span: call.nameSpan }
        : this.memberName(s, entry.name, frame);
    if (name === undefined) return undefined;
    return this.layer(call, name, s.span, s.body, [input], frame);
  }

  /** A statement's name in its module, or undefined (reported) when the module already uses it. */
  memberName(s: NamedStatement, kind: string, frame: Frame): MemberName | undefined {
    if (s.kind === "BlockStatement") return { local: frame.scope.names.anonymous(kind), explicit: false, span: s.call.callee.span };
    if (!frame.scope.names.claim(s.name.name)) {
      this.ctx.out.push(diagnostic("NN2007", `layer name \`${s.name.name}\` is already used`, s.name.span));
      return undefined;
    }
    return { local: s.name.name, explicit: true, span: s.name.span };
  }

  /** An ordinary layer reading `inputs`; appended to the list and to the frame's module. */
  layer(
    call: CallValue,
    name: MemberName,
    span: Span,
    body: Body | undefined,
    inputs: readonly GraphValue[],
    frame: Frame,
  ): GraphValue | undefined {
    const request = {
      call,
      name: frame.scope.names.qualify(name.local),
      explicitName: name.explicit,
      nameSpan: name.explicit ? name.span : call.nameSpan,
      statementSpan: span,
      body,
      inherited: frame.inherited,
      inputs,
      depth: frame.depth,
    };
    const info = buildLayer(request, this.defaults, { ...this.ctx, constants: frame.constants });
    if (info === undefined) return undefined;
    this.layers.push(info);
    frame.scope.items.push({ kind: "layer", index: this.layers.length - 1 });
    return { index: this.layers.length - 1, shape: info.plan.outputShape };
  }

  /** A block instance (`layer1: basic(64)`): its body, built in a module of its own with its parameters bound. */
  instance(call: CallValue, name: MemberName, body: Body | undefined, input: GraphValue, frame: Frame): GraphValue | undefined {
    const def = this.blocks.get(call.name);
    if (def === undefined) return undefined;
    if (frame.stack.includes(def.name.name)) {
      const chain = [...frame.stack.slice(frame.stack.indexOf(def.name.name)), def.name.name].join(" → ");
      this.ctx.out.push(diagnostic("NN2017", `block \`${def.name.name}\` uses itself (${chain})`, call.nameSpan));
      return undefined;
    }
    const bound = bindInstance(call, def, this.ctx.constants, this.ctx.out);
    if (bound === undefined) return undefined;
    const path = frame.scope.names.qualify(name.local);
    const overrides =
      body === undefined ? undefined : bindSettings(path, call.nameSpan, body.span, body.statements, settingsSpecs.layer, this.ctx);
    const scope = new ScopeBuilder("block", new Namer(path, explicitNames(def.body.statements)), call.span, def.name.name, bound.args);
    const inner: Frame = {
      scope,
      constants: bound.constants,
      inherited: overrides === undefined ? frame.inherited : [overrides, ...frame.inherited],
      depth: frame.depth + 1,
      stack: [...frame.stack, def.name.name],
    };
    const before = this.ctx.out.length;
    const output = this.sequence(def.body.statements, input, inner);
    // A mistake inside a block's body shows at the body, so say which instance met it.
    for (let i = before; i < this.ctx.out.length; i++) {
      const d = this.ctx.out[i];
      if (
        d.span.start.offset >= def.body.span.start.offset &&
        d.span.end.offset <= def.body.span.end.offset &&
        !d.message.includes(" (in `")
      ) {
        this.ctx.out[i] = {
          ...d,
          message: `${d.message} (in \`${path}\`: ${def.name.name}(${bound.args.map((a) => `${a.name} = ${a.value}`).join(", ")}))`,
        };
      }
    }
    frame.scope.items.push({ kind: "scope", scope: scope.finish() });
    return output;
  }
}
