export { scale, meanSubtract, standardize, pcaWhiten } from "./steps.ts";
