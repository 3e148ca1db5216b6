/** Every noise kind of `noise = [...]`; the registry reads this list (plan/assemble and codegen/emit-noise take each by name). */
import { weight_noise } from "./weight-noise.ts";
import { gradient_noise } from "./gradient-noise.ts";

export const noiseDefinitions = [weight_noise, gradient_noise] as const;
