export { l1, l2 } from "./norms.ts";
