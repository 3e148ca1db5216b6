/**
 * The layer objects of the model (runtime/layers: Dense, BatchNorm): built once in the constructor after
 * every buffer they view, one field per kernel step that has one, so the passes call `this.dense0.forward(…)`.
 */
import { stepMembers } from "../emit-layers.ts";
import { commentText } from "../literals.ts";
import { PRIVATE, type ModuleBuilder, type ModuleContext } from "./builder.ts";

export function addLayerMembers(b: ModuleBuilder, { layout, steps }: ModuleContext): void {
  for (const step of steps) {
    for (const m of stepMembers(step, layout)) {
      b.imports.use(m.type);
      b.properties.push({ name: m.name, isReadonly: true, scope: PRIVATE, type: m.type, docs: [commentText(m.doc)] });
      b.constructorLines.push(`this.${m.name} = ${m.initializer};`);
    }
  }
}
