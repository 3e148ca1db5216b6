export { loss, accuracy, topK } from "./metrics.ts";
