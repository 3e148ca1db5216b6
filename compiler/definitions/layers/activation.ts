/** An activation where a layer stands (`relu`, `leaky_relu(0.1)`): the layer carries one activations/ definition. */
import { activationDefinitions, activationOf, activationPlan, type ActivationFn } from "../activations/index.ts";
import { noModule, savedInput, stateless, type KernelStep, type LayerBase, type LayerDefinition } from "./definition.ts";

export interface ActivationLayer extends LayerBase {
  readonly kind: "activation";
  readonly activation: ActivationFn;
}

/** The step's object: `tanh3`, `leakyRelu5`. */
const member = (s: KernelStep<ActivationLayer>): string =>
  `${s.layer.activation.fn.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())}${s.index}`;

export const activation: LayerDefinition<ActivationLayer> = {
  kind: "activation",
  entries: activationDefinitions.map((a) => ({ entry: a.entry, needsMap: false })),
  ...stateless,
  plan: (b) => ({
    ...b.base,
    kind: "activation",
    outputSize: b.base.inputSize,
    outputShape: b.inputShape,
    activation: activationPlan(b.call),
  }),
  flops: () => 0,
  summary: (l) => activationOf(l.activation).summary(l.activation),
  label: (l) => l.activation.fn,
  typescript: {
    scratch: () => [],
    constants: () => [],
    // The activation's object, built once with its width and constant: the passes name only their buffers.
    members: (s) => {
      const ts = activationOf(s.layer.activation).typescript;
      return [
        {
          name: member(s),
          type: ts.type,
          initializer: `new ${ts.type}(${ts.settings(s.layer.activation, s.layer.outputSize)})`,
          doc: s.label,
        },
      ];
    },
    imports: (s) => [activationOf(s.layer.activation).typescript.type],
    forward: (s) => [`this.${member(s)}.forward(n, ${s.input}, this.${s.output});`],
    backward: (s) => {
      if (!s.needsInputGrad) return [];
      const reads = activationOf(s.layer.activation).typescript.backwardReads;
      const operands = { input: [savedInput(s)], output: [`this.${s.output}`], both: [savedInput(s), `this.${s.output}`] }[reads];
      return [`this.${member(s)}.backward(n, ${operands.join(", ")}, g);`];
    },
  },
  pytorch: {
    ...noModule,
    forward: (l) => activationOf(l.activation).pytorch(l.activation),
    docName: (l) => l.activation.fn,
  },
};
