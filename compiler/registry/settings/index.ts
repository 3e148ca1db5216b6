export { modelSettings, layerOverrides } from "./model.ts";
export { dataSettings } from "./data.ts";
export { trainSettings, scheduleSettings, earlyStoppingSettings, emaSettings } from "./train.ts";
