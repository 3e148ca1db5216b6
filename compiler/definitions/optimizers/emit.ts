/** Pieces of the generated code every optimizer's emission shares. */
import { num, str } from "../../codegen/literals.ts";
import { pyBool, pyFloat } from "../../pytorch/literals.ts";

type Literal = number | boolean | string;

/**
 * `/** doc *\/ const NAME: Type = { key: value, … };` — an optimizer's fixed hyperparameters as the
 * generated module's constant, in the order given.
 */
export function hyperparameterConstant(name: string, type: string, doc: string, values: Readonly<Record<string, Literal>>): string {
  const fields = Object.entries(values).map(([k, v]) => `${k}: ${typeof v === "number" ? num(v) : typeof v === "string" ? str(v) : v}`);
  return `\n/** ${doc} */\nconst ${name}: ${type} = { ${fields.join(", ")} };`;
}

/** Python literals for torch.optim's keyword arguments. */
export const py = {
  float: pyFloat,
  bool: pyBool,
  pair: (values: readonly number[]): string => `(${values.map(pyFloat).join(", ")})`,
};
