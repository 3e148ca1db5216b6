/**
 * Issue 15, item 2: a model that fits WebAssembly's 4 GiB on one thread must not be given more
 * data-parallel threads than have room for their replicas in the same memory (each would crash the run
 * with "Arena cannot grow beyond 4 GiB" while training starts).
 */
import { describe, expect, it } from "vitest";
import { chooseThreads, type ThreadInputs } from "../../../runtime/parallel/thread-count.ts";
import type { ModelDefinition } from "../../../runtime/contract.ts";

const GiB = 1024 ** 3;
const definition = { training: { batchSize: 1024, fullBatch: false, unshardable: undefined } } as unknown as ModelDefinition;
const inputs = (memory?: ThreadInputs["memory"]): ThreadInputs => ({
  definition,
  parameterCount: 10_000_000,
  replicable: true,
  sharedBatch: true,
  memory,
});

describe("data-parallel threads and the 4 GiB memory", () => {
  it("gives as many threads as asked when their replicas fit", () => {
    expect(chooseThreads(inputs({ used: 0.5 * GiB, perReplica: 0.5 * GiB }), 4).threads).toBe(4);
    expect(chooseThreads(inputs(undefined), 4).threads).toBe(4);
  });

  it("gives only the threads whose replicas fit beside the model, and says why", () => {
    // 1 GiB used, 128 MiB kept for the kernels: 2.875 GiB free holds two 1 GiB replicas.
    const choice = chooseThreads(inputs({ used: 1 * GiB, perReplica: 1 * GiB }), 4);
    expect(choice.threads).toBe(3);
    expect(choice.reason).toBe("3 data-parallel threads (--threads 4, as many as fit in WebAssembly's 4 GiB beside the model)");
  });

  it("trains on one thread when not even one replica fits", () => {
    const asked = chooseThreads(inputs({ used: 3 * GiB, perReplica: 2 * GiB }), 2);
    expect(asked).toEqual({
      threads: 1,
      kernelThreads: 1,
      reason: "1 thread (--threads 2, but a second replica of this model does not fit in WebAssembly's 4 GiB beside it)",
    });
  });
});
