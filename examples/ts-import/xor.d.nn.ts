// Types of `import ... from "./xor.nn"` (TypeScript looks for NAME.d.nn.ts): those of the generated module.
export * from "./xor.nn.ts";
