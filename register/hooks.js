// Node module hooks (run in the loader thread): `import ... from "./model.nn"` resolves to the spec's
// generated TypeScript module, compiled on first import and cached by content. tsx, registered before
// these hooks, lets this thread load the compiler's TypeScript and transpiles the generated module.
export async function resolve(specifier, context, nextResolve) {
  const path = specifier.split(/[?#]/)[0];
  if (!path.endsWith(".nn")) return nextResolve(specifier, context);
  // Relative and absolute specs are resolved here: the chain (tsx) would prefer a `model.nn.ts` beside
  // the spec, which may be stale. Package paths go through the chain.
  const relative = /^(\.{1,2}\/|\/|file:)/.test(specifier);
  const specUrl = relative ? new URL(specifier, context.parentURL).href : (await nextResolve(specifier, context)).url;
  const { compiledModuleUrl } = await import("./compile-spec.ts");
  // Resolved again through the chain so tsx sees the generated `.ts` file and transpiles it.
  return nextResolve(await compiledModuleUrl(specUrl), context);
}
