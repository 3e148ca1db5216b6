export { random_crop } from "./random-crop.ts";
export { hflip, vflip } from "./flip.ts";
export { translate } from "./translate.ts";
export { gaussian_noise } from "./noise.ts";
export { cutout } from "./cutout.ts";
export { mixup } from "./mixup.ts";
export { cutmix } from "./cutmix.ts";
