/*
 * The activations as the generated model holds them, one class per function as torch.nn has them (nn.Tanh,
 * nn.ELU): the row width and the function's constant fixed once, so each pass reads `tanh3.forward(n, x, y)`.
 * backward turns the gradient w.r.t. the output, `g`, into the gradient w.r.t. the input in place, reading
 * the input x or the output y as the function's derivative needs. The arithmetic is runtime/dispatch's
 * (ReLU) and runtime/kernels/activations.ts's, unchanged.
 */
import type { FloatArray } from "../types.ts";
import { reluBackward, reluForward } from "../dispatch/activations.ts";
import * as k from "../kernels/activations.ts";

export interface ActivationSettings {
  /** Features per row. */
  readonly features: number;
}

export class Relu {
  constructor(readonly settings: ActivationSettings) {}
  forward(n: number, x: FloatArray, y: FloatArray): void {
    reluForward(x, 0, y, 0, n * this.settings.features);
  }
  backward(n: number, y: FloatArray, g: FloatArray): void {
    reluBackward(y, 0, g, 0, g, 0, n * this.settings.features);
  }
}

export interface LeakyReluSettings extends ActivationSettings {
  /** The slope for x < 0 (PyTorch's negative_slope). */
  readonly slope: number;
}

export class LeakyRelu {
  constructor(readonly settings: LeakyReluSettings) {}
  forward(n: number, x: FloatArray, y: FloatArray): void {
    k.leakyReluForward(x, 0, y, 0, n * this.settings.features, this.settings.slope);
  }
  backward(n: number, x: FloatArray, g: FloatArray): void {
    k.leakyReluBackward(x, 0, g, 0, g, 0, n * this.settings.features, this.settings.slope);
  }
}

export interface EluSettings extends ActivationSettings {
  /** α: the value approached as x → −∞. */
  readonly alpha: number;
}

export class Elu {
  constructor(readonly settings: EluSettings) {}
  forward(n: number, x: FloatArray, y: FloatArray): void {
    k.eluForward(x, 0, y, 0, n * this.settings.features, this.settings.alpha);
  }
  /** The derivative for x ≤ 0 is y + α, read from the output. */
  backward(n: number, x: FloatArray, y: FloatArray, g: FloatArray): void {
    k.eluBackward(x, 0, y, 0, g, 0, g, 0, n * this.settings.features, this.settings.alpha);
  }
}

export class Gelu {
  constructor(readonly settings: ActivationSettings) {}
  forward(n: number, x: FloatArray, y: FloatArray): void {
    k.geluForward(x, 0, y, 0, n * this.settings.features);
  }
  backward(n: number, x: FloatArray, g: FloatArray): void {
    k.geluBackward(x, 0, g, 0, g, 0, n * this.settings.features);
  }
}

export class Sigmoid {
  constructor(readonly settings: ActivationSettings) {}
  forward(n: number, x: FloatArray, y: FloatArray): void {
    k.sigmoidForward(x, 0, y, 0, n * this.settings.features);
  }
  backward(n: number, y: FloatArray, g: FloatArray): void {
    k.sigmoidBackward(y, 0, g, 0, g, 0, n * this.settings.features);
  }
}

export class Tanh {
  constructor(readonly settings: ActivationSettings) {}
  forward(n: number, x: FloatArray, y: FloatArray): void {
    k.tanhForward(x, 0, y, 0, n * this.settings.features);
  }
  backward(n: number, y: FloatArray, g: FloatArray): void {
    k.tanhBackward(y, 0, g, 0, g, 0, n * this.settings.features);
  }
}

/** Softmax over each row of `features`. */
export class Softmax {
  constructor(readonly settings: ActivationSettings) {}
  forward(n: number, x: FloatArray, y: FloatArray): void {
    k.softmaxForward(x, 0, y, 0, n, this.settings.features);
  }
  backward(n: number, y: FloatArray, g: FloatArray): void {
    k.softmaxBackward(y, 0, g, 0, g, 0, n, this.settings.features);
  }
}
