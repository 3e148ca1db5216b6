/** An activation where a layer stands (`relu`, `leaky_relu(0.1)`): the layer carries one activations/ definition. */
import { activationDefinitions, activationOf, activationPlan, type ActivationFn } from "../activations/index.ts";
import { noBuffers, noModule, savedInput, stateless, type LayerBase, type LayerDefinition } from "./definition.ts";

export interface ActivationLayer extends LayerBase {
  readonly kind: "activation";
  readonly activation: ActivationFn;
}

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
    ...noBuffers,
    imports: (s) => activationOf(s.layer.activation).typescript.imports,
    forward: (s) => {
      const a = s.layer.activation;
      return [activationOf(a).typescript.forward(a, { input: s.input, output: `this.${s.output}`, width: s.layer.outputSize })];
    },
    backward: (s) => {
      if (!s.needsInputGrad) return [];
      const a = s.layer.activation;
      return [activationOf(a).typescript.backward(a, { input: savedInput(s), output: `this.${s.output}`, width: s.layer.outputSize })];
    },
  },
  pytorch: {
    ...noModule,
    forward: (l) => activationOf(l.activation).pytorch(l.activation),
    docName: (l) => l.activation.fn,
  },
};
