/**
 * What the pieces of a generated module add to: the runtime imports they use, top-level declarations,
 * the Model class's properties, constructor lines and methods, and the module's exported functions.
 * The driver (../emit-module.ts) calls the pieces in order; each piece is one concern of the model.
 */
import type { OptionalKind, PropertyDeclarationStructure, Scope } from "ts-morph";
import type { Plan } from "../../ir.ts";
import type { Layout } from "../layout.ts";
import type { KernelStep } from "../kernel-steps.ts";
import type { CodegenOptions } from "../options.ts";
import { ImportSet } from "./imports.ts";
import { parametersFor, withLocals, type Parameter } from "./locals.ts";

export type Property = OptionalKind<PropertyDeclarationStructure>;

/** ts-morph's `Scope.Private` (a string enum), without loading ts-morph to read it. */
export const PRIVATE = "private" as Scope;

export interface Method {
  readonly name: string;
  readonly docs?: readonly string[];
  readonly private?: boolean;
  readonly parameters?: readonly Parameter[];
  readonly returnType: string;
  /** Locals the body may read (`["P", "const P = this.params;"]`); only those it reads are declared. */
  readonly locals?: readonly (readonly [string, string])[];
  readonly body: string;
}

/** What every piece reads: the plan and what the driver derived from it once. */
export interface ModuleContext {
  readonly plan: Plan;
  readonly layout: Layout;
  readonly steps: readonly KernelStep[];
  readonly options: CodegenOptions;
  /** Whether the backward pass reads the batch of the last forward pass (`this.input`); only then does the model keep it. */
  readonly savesInput: boolean;
}

export class ModuleBuilder {
  readonly imports = new ImportSet();
  /** Module-level declarations between the definition constants and the class. */
  readonly declarations: string[] = [];
  readonly properties: Property[] = [];
  /** Constructor lines, in allocation order (a replica lays its block out in this same order). */
  readonly constructorLines: string[] = [];
  readonly methods: Method[] = [];
  /** Exported functions after the class. */
  readonly functions: string[] = [];
  /** Optimizer state buffers a checkpoint saves, under PyTorch's names. */
  readonly optimizerState: { readonly field: string; readonly torchName: string }[] = [];
  /** Number fields a training-state checkpoint saves (NAdam's mu_product, the plateau's learning rate). */
  readonly scalarState: string[] = [];

  /** A method whose locals and parameters are trimmed to what its body reads (locals.ts). */
  static structure(m: Method) {
    const statements = withLocals(m.locals ?? [], m.body);
    return {
      name: m.name,
      docs: m.docs === undefined ? undefined : [...m.docs],
      scope: m.private === true ? PRIVATE : undefined,
      parameters: parametersFor(m.parameters ?? [], statements),
      returnType: m.returnType,
      statements,
    };
  }
}
