#!/usr/bin/env node
// The CLI is written in TypeScript; tsx strips the types on load so there is no build step.
import { register } from "tsx/esm/api";

register();
await import("../cli/main.ts");
