/**
 * The gradient an optimizer rule sees for one element, in PyTorch's order:
 * loss-term regularizers (l2x·p + l1·sign(p), sign(0) = 0), then clip_grad_value_ (clipValue,
 * Infinity when off), then the clip_grad_norm_ scale (1 when off), then the optimizer's own
 * L2-style weight_decay. NaN propagates unchanged.
 */
export function effectiveGrad(g: number, p: number, l2x: number, l1: number, clipValue: number, clipScale: number, weightDecay: number): number {
  let gr = g + l2x * p + (p > 0 ? l1 : p < 0 ? -l1 : 0);
  if (gr > clipValue) gr = clipValue;
  else if (gr < -clipValue) gr = -clipValue;
  return gr * clipScale + weightDecay * p;
}
