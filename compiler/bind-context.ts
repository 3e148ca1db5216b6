/** What binding needs besides the value: where diagnostics go, the spec's folder, its constants, a sweep's search space. */
import type { Diagnostic } from "../grammar/span.ts";
import type { Constants } from "./evaluate.ts";
import type { SearchDimension } from "./search/distribution.ts";

export interface BindContext {
  readonly out: Diagnostic[];
  readonly baseDir: string;
  /** The file's constants, so a misspelled one is reported as an unknown name with suggestions. */
  readonly constants?: Constants;
  /** Collects the distributions that stand where numbers belong (`nnc sweep`'s search space). */
  readonly searchSpace?: SearchDimension[];
}
