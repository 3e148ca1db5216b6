/**
 * Translates a golden case (case.json, written by PyTorch 1.13.1) into an equivalent `.nn` spec. Every
 * argument of the case is written out explicitly — defaults included — and a value the language
 * cannot express is an error, never silently assumed.
 */

export class UnexpressibleCase extends Error {}

type Json = Record<string, unknown>;

function num(x: unknown, what: string): string {
  if (typeof x !== "number" || !Number.isFinite(x)) throw new UnexpressibleCase(`${what} is not a finite number: ${JSON.stringify(x)}`);
  return String(x);
}
function bool(x: unknown, what: string): string {
  if (typeof x !== "boolean") throw new UnexpressibleCase(`${what} is not a boolean: ${JSON.stringify(x)}`);
  return String(x);
}
function str(x: string): string {
  return JSON.stringify(x);
}
function expectValue(x: unknown, expected: unknown, what: string): void {
  if (JSON.stringify(x) !== JSON.stringify(expected))
    throw new UnexpressibleCase(`${what} = ${JSON.stringify(x)} cannot be expressed (only ${JSON.stringify(expected)})`);
}

function layerLines(layers: Json[]): string[] {
  const out: string[] = [];
  for (const l of layers) {
    switch (l.kind) {
      case "linear":
        out.push(`${l.name}: dense(${num(l.out_features, "out_features")}, bias = ${bool(l.bias, "bias")})`);
        break;
      case "activation":
        switch (l.fn) {
          case "relu":
          case "tanh":
          case "sigmoid":
            out.push(String(l.fn));
            break;
          case "leaky_relu":
            out.push(`leaky_relu(slope = ${num(l.negative_slope, "negative_slope")})`);
            break;
          case "elu":
            out.push(`elu(alpha = ${num(l.alpha, "alpha")})`);
            break;
          case "gelu":
            expectValue(l.approximate ?? "none", "none", "gelu approximate");
            out.push("gelu");
            break;
          default:
            throw new UnexpressibleCase(`activation ${String(l.fn)}`);
        }
        break;
      case "conv2d":
        out.push(`${l.name}: ${conv2d(l)}`);
        break;
      case "batchnorm2d":
        expectValue(l.track_running_stats, true, "track_running_stats");
        out.push(
          `${l.name}: batchnorm2d(eps = ${num(l.eps, "eps")}, momentum = ${num(l.momentum, "momentum")}, affine = ${bool(l.affine, "affine")})`,
        );
        break;
      case "maxpool2d":
      case "avgpool2d": {
        const kernel = square(l.kernel_size, "kernel_size");
        expectValue(l.ceil_mode, false, "ceil_mode");
        if (l.kind === "maxpool2d") expectValue(l.dilation, [1, 1], "maxpool dilation");
        else {
          expectValue(l.count_include_pad, true, "count_include_pad");
          expectValue(l.divisor_override, null, "divisor_override");
        }
        out.push(
          `${l.kind === "maxpool2d" ? "maxpool" : "avgpool"}(${kernel}, stride = ${square(l.stride, "stride")}, padding = ${square(l.padding, "padding")})`,
        );
        break;
      }
      case "adaptive_avgpool2d":
        // Output 1 (then flatten) is global_avgpool, the spelling the convolutional cases have always used.
        if (l.output_size === 1) out.push("global_avgpool");
        else if (Array.isArray(l.output_size))
          out.push(`adaptive_avgpool([${l.output_size.map((d, i) => num(d, `output_size[${i}]`)).join(", ")}])`);
        else out.push(`adaptive_avgpool(${num(l.output_size, "output_size")})`);
        break;
      case "layernorm":
        out.push(`${l.name}: layernorm(eps = ${num(l.eps, "eps")}, affine = ${bool(l.elementwise_affine, "elementwise_affine")})`);
        break;
      case "groupnorm":
        out.push(
          `${l.name}: groupnorm(${num(l.num_groups, "num_groups")}, eps = ${num(l.eps, "eps")}, affine = ${bool(l.affine, "affine")})`,
        );
        break;
      case "flatten":
        expectValue([l.start_dim, l.end_dim], [1, -1], "flatten dims");
        out.push("flatten");
        break;
      case "batchnorm1d":
        expectValue(l.track_running_stats, true, "track_running_stats");
        out.push(
          `${l.name}: batchnorm(eps = ${num(l.eps, "eps")}, momentum = ${num(l.momentum, "momentum")}, affine = ${bool(l.affine, "affine")})`,
        );
        break;
      default:
        throw new UnexpressibleCase(`layer kind ${String(l.kind)}`);
    }
  }
  return out;
}

/** A square [k, k] pair as one number: the language's kernel, stride, padding and dilation are square. */
function square(x: unknown, what: string): string {
  if (!Array.isArray(x) || x.length !== 2 || x[0] !== x[1]) throw new UnexpressibleCase(`${what} = ${JSON.stringify(x)} is not square`);
  return num(x[0], what);
}

function conv2d(l: Json): string {
  expectValue(l.padding_mode, "zeros", "padding_mode");
  const args = [
    num(l.out_channels, "out_channels"),
    square(l.kernel_size, "kernel_size"),
    `stride = ${square(l.stride, "stride")}`,
    `padding = ${square(l.padding, "padding")}`,
    `dilation = ${square(l.dilation, "dilation")}`,
    `groups = ${num(l.groups, "groups")}`,
    `bias = ${bool(l.bias, "bias")}`,
  ];
  return `conv2d(${args.join(", ")})`;
}

function lossLine(loss: Json): string {
  if (loss.name === "cross_entropy") {
    expectValue(loss.reduction, "mean", "reduction");
    expectValue(loss.weight, null, "class weights");
    return `loss = cross_entropy(label_smoothing = ${num(loss.label_smoothing, "label_smoothing")})`;
  }
  if (loss.name === "mse") {
    expectValue(loss.reduction, "mean", "reduction");
    return "loss = mse()";
  }
  throw new UnexpressibleCase(`loss ${String(loss.name)}`);
}

const OPTIMIZERS: Record<string, { name: string; args: string[] }> = {
  SGD: { name: "sgd", args: ["lr", "momentum", "dampening", "nesterov", "weight_decay"] },
  Adagrad: { name: "adagrad", args: ["lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"] },
  Adadelta: { name: "adadelta", args: ["lr", "rho", "eps", "weight_decay"] },
  RMSprop: { name: "rmsprop", args: ["lr", "alpha", "eps", "weight_decay", "momentum", "centered"] },
  Adam: { name: "adam", args: ["lr", "betas", "eps", "weight_decay", "amsgrad"] },
  AdamW: { name: "adamw", args: ["lr", "betas", "eps", "weight_decay", "amsgrad"] },
  NAdam: { name: "nadam", args: ["lr", "betas", "eps", "weight_decay", "momentum_decay"] },
  RAdam: { name: "radam", args: ["lr", "betas", "eps", "weight_decay"] },
  Adamax: { name: "adamax", args: ["lr", "betas", "eps", "weight_decay"] },
};

function value(x: unknown, what: string): string {
  if (typeof x === "boolean") return String(x);
  if (Array.isArray(x)) return `[${x.map((v, i) => num(v, `${what}[${i}]`)).join(", ")}]`;
  return num(x, what);
}

function optimizerLine(opt: Json): string {
  const entry = OPTIMIZERS[String(opt.name)];
  if (!entry) throw new UnexpressibleCase(`optimizer ${String(opt.name)}`);
  const hyper = opt.hyperparameters as Json;
  for (const key of Object.keys(hyper)) {
    if (key === "maximize") expectValue(hyper[key], false, "maximize");
    else if (key === "foreach" || key === "differentiable" || key === "capturable" || key === "fused") continue;
    else if (!entry.args.includes(key)) throw new UnexpressibleCase(`${String(opt.name)} hyperparameter ${key}`);
  }
  const args = entry.args.filter((a) => a in hyper).map((a) => `${a} = ${value(hyper[a], a)}`);
  return `optimizer = ${entry.name}(${args.join(", ")})`;
}

function schedule(s: Json): string {
  const a = s.args as Json;
  const steps = (x: unknown, what: string) => `${num(x, what)} steps`;
  switch (s.class) {
    case "StepLR":
      return `step(size = ${steps(a.step_size, "step_size")}, gamma = ${num(a.gamma, "gamma")})`;
    case "MultiStepLR":
      return `multistep(milestones = [${(a.milestones as number[]).map((m, i) => steps(m, `milestones[${i}]`)).join(", ")}], gamma = ${num(a.gamma, "gamma")})`;
    case "ExponentialLR":
      return `exponential(gamma = ${num(a.gamma, "gamma")}, per = step)`;
    case "CosineAnnealingLR":
      return `cosine(T = ${steps(a.T_max, "T_max")}, min = ${num(a.eta_min, "eta_min")})`;
    case "CosineAnnealingWarmRestarts":
      return `cosine_restarts(T0 = ${steps(a.T_0, "T_0")}, T_mult = ${num(a.T_mult, "T_mult")}, min = ${num(a.eta_min, "eta_min")})`;
    case "LinearLR":
      return `linear(from = ${num(a.start_factor, "start_factor")}, to = ${num(a.end_factor, "end_factor")}, steps = ${steps(a.total_iters, "total_iters")})`;
    case "PolynomialLR":
      return `polynomial(steps = ${steps(a.total_iters, "total_iters")}, power = ${num(a.power, "power")})`;
    case "LambdaLR": {
      const fn = a.lr_lambda as Json;
      expectValue(fn.kind, "inverse_sqrt_with_warmup", "lr_lambda");
      return `inverse_sqrt(warmup = ${steps(fn.warmup_steps, "warmup_steps")})`;
    }
    case "OneCycleLR": {
      if (a.total_steps === null) throw new UnexpressibleCase("OneCycleLR without total_steps");
      return (
        `one_cycle(max = ${num(a.max_lr, "max_lr")}, total = ${steps(a.total_steps, "total_steps")}, pct = ${num(a.pct_start, "pct_start")}, ` +
        `anneal = ${String(a.anneal_strategy) === "cos" ? "cos" : "linear"}, div = ${num(a.div_factor, "div_factor")}, final_div = ${num(a.final_div_factor, "final_div_factor")}, ` +
        `three_phase = ${bool(a.three_phase, "three_phase")}, cycle_momentum = ${bool(a.cycle_momentum, "cycle_momentum")}, ` +
        `base_momentum = ${num(a.base_momentum, "base_momentum")}, max_momentum = ${num(a.max_momentum, "max_momentum")})`
      );
    }
    case "SequentialLR": {
      const subs = a.schedulers as Json[];
      const milestones = a.milestones as number[];
      return subs
        .map((sub, i) =>
          i < subs.length - 1
            ? `${schedule(sub)} for ${steps(milestones[i] - (i > 0 ? milestones[i - 1] : 0), "milestone")}`
            : schedule(sub),
        )
        .join(" then ");
    }
    default:
      throw new UnexpressibleCase(`lr schedule ${String(s.class)}`);
  }
}

/** The spec text for a case; `dir` is the case folder (absolute). */
export function translateCase(c: Json, dir: string): string {
  const model = c.model as Json;
  const training = c.training as Json;
  const data = c.data as Json;
  const target = data.target as Json;
  expectValue(training.shuffle, false, "shuffle");
  expectValue(data.header, false, "header");
  const featureColumns = (data.features as Json).columns as number[];
  expectValue(featureColumns[0], 0, "first feature column");
  const source =
    target.kind === "class_index"
      ? `csv(${str(`${dir}/${String(data.file)}`)}, label = ${num(target.column, "target column")}, header = false)`
      : `csv(${str(`${dir}/${String(data.file)}`)}, targets = [${(() => {
          const [a, b] = target.columns as number[];
          return Array.from({ length: b - a + 1 }, (_, i) => a + i).join(", ");
        })()}], header = false)`;
  const lines = [
    `# ${String(c.name)}: ${String(c.description ?? "").replace(/\n/g, " ")}`,
    `data {`,
    `  train = ${source}`,
    `}`,
    ``,
    `model {`,
    Array.isArray(model.input_shape)
      ? `  input = [${(model.input_shape as unknown[]).map((d, i) => num(d, `input_shape[${i}]`)).join(", ")}]`
      : `  input = [${num(model.input_features, "input_features")}]`,
    `  weight_init = from(${str(`${dir}/init.safetensors`)})`,
    ...layerLines(model.layers as Json[]).map((l) => `  ${l}`),
    `  ${lossLine(c.loss as Json)}`,
    `}`,
    ``,
    `train {`,
    `  ${optimizerLine(c.optimizer as Json)}`,
  ];
  const sched = c.lr_schedule as Json | null;
  if (sched) lines.push(`  schedule {`, `    lr = ${schedule(sched)}`, `  }`);
  const l1 = c.l1 as Json | null;
  if (l1) {
    const params = l1.params as string[];
    const layers = params.map((p) => {
      if (!p.endsWith(".weight")) throw new UnexpressibleCase(`L1 on ${p}: only weights are listed by layer here`);
      return p.slice(0, -".weight".length);
    });
    lines.push(`  regularize = [l1(${num(l1.lambda, "l1 lambda")}, on = weights, layers = [${layers.join(", ")}])]`);
  }
  lines.push(
    `  steps = ${num(training.steps, "steps")}`,
    `  batch_size = ${num(training.batch_size, "batch_size")}`,
    `  shuffle = false`,
    `  seed = 0`,
    `}`,
  );
  return lines.join("\n") + "\n";
}
