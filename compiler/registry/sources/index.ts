export { idx, csv, split } from "./files.ts";
