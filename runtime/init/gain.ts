/** torch.nn.init.calculate_gain. `param` is leaky_relu's negative slope (default 0.01). */
export function calculateGain(nonlinearity: string, param?: number): number {
  switch (nonlinearity) {
    case "linear":
    case "identity":
    case "sigmoid":
    case "conv1d":
    case "conv2d":
    case "conv3d":
    case "conv_transpose1d":
    case "conv_transpose2d":
    case "conv_transpose3d":
      return 1;
    case "tanh":
      return 5 / 3;
    case "relu":
      return Math.SQRT2;
    case "leaky_relu": {
      const a = param ?? 0.01;
      return Math.sqrt(2 / (1 + a * a));
    }
    case "selu":
      return 3 / 4;
    default:
      throw new RangeError(`unsupported nonlinearity for calculate_gain: ${nonlinearity}`);
  }
}
