/**
 * `import ... from "./name.nn"` makes TypeScript look for `name.d.nn.ts` (with allowArbitraryExtensions);
 * this one-line file beside the spec hands it the types of the generated module `name.nn.ts`. The CLI and
 * the editor write it (cli/generated-files.ts).
 */
export function declarationShim(specName: string): string {
  return `// Types of \`import ... from "./${specName}"\` (TypeScript looks for NAME.d.nn.ts): those of the generated module.\nexport * from "./${specName}.ts";\n`;
}
