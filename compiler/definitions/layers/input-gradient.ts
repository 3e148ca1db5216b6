/**
 * Where a step's backward leaves the gradient with respect to one of its inputs (KernelStep.inputGrads,
 * planned by codegen/kernel-steps.ts):
 * - `g`: in `g`, as the next step differentiated expects (the input's producer runs right before this step,
 *   and this step is its only reader);
 * - `buffer`: into that value's accumulation buffer (a value read by several steps, or by a merge), by copy
 *   for the first contribution backward makes (`accumulate` false) and by addition for later ones. A `final`
 *   contribution comes last and from the step right after the value's producer: it adds the buffer into `g`
 *   instead (the same sum, one pass fewer), and the producer starts from `g` (KernelStep.outputGradInG). When the
 *   producer adds the buffer itself, in its own backward's first pass (`producerAdds`, KernelStep.addsOutputGrad: a
 *   residual merge), the final contribution stays alone in `g`: one pass fewer again;
 * - `none`: not needed.
 */
export type InputGradient =
  | { readonly to: "none" }
  | { readonly to: "g" }
  | {
      readonly to: "buffer";
      readonly buffer: string;
      readonly accumulate: boolean;
      readonly final: boolean;
      readonly producerAdds: boolean;
    };
