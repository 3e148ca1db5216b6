/** The lowering passes in the order they run; a new pass is one file and one line here. */
import { buffersPass } from "./buffers.ts";
import type { Pass } from "./ir.ts";
import { kernelStepsPass } from "./kernel-steps.ts";
import { layoutPass } from "./layout.ts";

export const passes: readonly Pass[] = [layoutPass, kernelStepsPass, buffersPass];
