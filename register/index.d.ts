// `nnc/register` is imported for its effect (`node --import nnc/register app.ts`); it exports nothing.
export {};
