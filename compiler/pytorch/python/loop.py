# ---------------------------------------------------------------------------------------------------------
# The training loop (nnc's runtime/train/loop.ts, step for step): mini-batches of the global batch, gradient
# accumulation, loss-term regularizers, clipping, the optimizer step, the schedule, max-norm, EMA weights,
# evaluation, early stopping with best-weights restore, atomic checkpoints, metrics.json and the same
# progress lines as `nnc train`.
# ---------------------------------------------------------------------------------------------------------

CHECKPOINT_FILE = "checkpoint.safetensors"
STATE_FILE = "training-state.safetensors"
STATE_FORMAT = "nnc-pytorch-training-state"


class TrainingError(Exception):
    pass


def steps_of(steps: int, epochs: float, per_epoch: int) -> int:
    """A schedule's length or milestone given partly in epochs, in optimizer steps (nnc's stepsOf)."""
    return steps + math.ceil(epochs * per_epoch)


def fixed(x: Optional[float], digits: int = 4) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def exponential(x: float) -> str:
    """JavaScript's toExponential(2) (`1.00e-3`), so the progress lines read exactly as nnc's."""
    mantissa, exponent = f"{x:.2e}".split("e")
    return f"{mantissa}e{int(exponent):+d}"


def as_batch(data: Dict[str, Any], device: torch.device) -> Tuple[torch.Tensor, torch.Tensor]:
    x = torch.from_numpy(data["x"]).to(device=device, dtype=DTYPE).reshape(-1, *INPUT_SHAPE)
    y = torch.from_numpy(data["labels"]) if TASK == "classification" else torch.from_numpy(data["targets"]).to(dtype=DTYPE)
    return x, y.to(device)


def count_correct(outputs: torch.Tensor, y: torch.Tensor, k: int = 1) -> int:
    """Rows whose label is among the k highest scores (k = 1: accuracy; ties count for the lower index, as argmax)."""
    if TASK != "classification":
        return 0
    if k == 1:
        return int((outputs.argmax(dim=1) == y).sum())
    return int((outputs.topk(min(k, outputs.shape[1]), dim=1).indices == y[:, None]).any(dim=1).sum())


@torch.no_grad()
def evaluate(model: nn.Module, data: Tuple[torch.Tensor, torch.Tensor], ctx: Distributed) -> Dict[str, Any]:
    """Loss and metrics in eval mode over a whole set; each rank takes a contiguous share of the rows."""
    net = unwrap(model)
    was_training = net.training
    net.eval()
    x, y = data
    n = len(x)
    lo, hi = n * ctx.rank // ctx.world, n * (ctx.rank + 1) // ctx.world
    totals = [0.0, 0.0] + [0.0] * len(TOP_K)
    for start in range(lo, hi, EVAL_BATCH):
        end = min(hi, start + EVAL_BATCH)
        outputs = net(x[start:end])
        totals[0] += float(loss_sum(outputs, y[start:end]))
        totals[1] += count_correct(outputs, y[start:end])
        for i, k in enumerate(TOP_K):
            totals[2 + i] += count_correct(outputs, y[start:end], k)
    net.train(was_training)
    totals = ctx.sum(totals)
    return {
        "n": n,
        "loss": totals[0] / n,
        "accuracy": totals[1] / n if TASK == "classification" else None,
        "top_k": {f"top_{k}": totals[2 + i] / n for i, k in enumerate(TOP_K)},
    }


def clip_gradients(parameters: List[nn.Parameter]) -> None:
    """clip_grad_value_ then clip_grad_norm_; with both, nnc measures the norm before clipping values (effective-grad.ts)."""
    if CLIP_GRAD_NORM is not None and CLIP_GRAD_VALUE is not None:
        norm = torch.norm(torch.stack([p.grad.detach().norm(2) for p in parameters if p.grad is not None]), 2)
        torch.nn.utils.clip_grad_value_(parameters, CLIP_GRAD_VALUE)
        scale = torch.clamp(CLIP_GRAD_NORM / (norm + 1e-6), max=1.0)
        for p in parameters:
            if p.grad is not None:
                p.grad.detach().mul_(scale)
    elif CLIP_GRAD_VALUE is not None:
        torch.nn.utils.clip_grad_value_(parameters, CLIP_GRAD_VALUE)
    elif CLIP_GRAD_NORM is not None:
        torch.nn.utils.clip_grad_norm_(parameters, CLIP_GRAD_NORM)


@torch.no_grad()
def apply_max_norm(model: nn.Module) -> None:
    """max_norm: each unit's incoming weights (a row of a dense weight) rescaled to norm ≤ c, as torch.renorm."""
    for name in MAX_NORM_LAYERS:
        w = unwrap(model)._modules[name].weight
        w.copy_(torch.renorm(w, 2, 0, MAX_NORM))


def current_lr(optimizer: torch.optim.Optimizer) -> float:
    group = optimizer.param_groups[0]
    return group["lr"] / group["lr_mult"]


def current_momentum(optimizer: torch.optim.Optimizer) -> Optional[float]:
    group = optimizer.param_groups[0]
    if "betas" in group:
        return group["betas"][0]
    return group.get("momentum")


class ValueSchedule:
    """
    A hyperparameter other than the learning rate (momentum or β1, weight decay, EMA decay, a dropout rate) on
    one of PyTorch's lr schedulers: the scheduler drives a one-parameter stand-in optimizer whose "lr" is the
    value, so every schedule and `then` sequence computes exactly as it does for the learning rate.
    """

    def __init__(self, base: float, unit: str, make: Any) -> None:
        self.stand_in = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=base)
        self.unit = unit
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.scheduler = make(self.stand_in)

    @property
    def value(self) -> float:
        return self.stand_in.param_groups[0]["lr"]

    def step(self) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "lr_scheduler.step() before optimizer.step()": the stand-in never steps
            self.scheduler.step()


@torch.no_grad()
def apply_value_schedules(values: Dict[str, ValueSchedule], optimizer: torch.optim.Optimizer, model: nn.Module) -> None:
    """Sets this step's scheduled hyperparameters where PyTorch reads them: the param groups and the dropout modules."""
    for key, schedule in values.items():
        for group in optimizer.param_groups:
            if key == "momentum":
                group["momentum"] = schedule.value
            elif key == "beta1":
                group["betas"] = (schedule.value, group["betas"][1])
            elif key == "weight_decay":
                group["weight_decay"] = schedule.value * group["wd_mult"]
        if key.startswith("dropout:"):
            unwrap(model)._modules[key[len("dropout:") :]].p = schedule.value


class EarlyStopping:
    """The best value of the monitored metric, the weights that reached it, and the evaluations waited since."""

    def __init__(self) -> None:
        self.value, self.epoch, self.wait = math.inf, -1, 0
        self.weights: Optional[Dict[str, torch.Tensor]] = None

    def observe(self, epoch: int, metrics: Dict[str, float], weights: Dict[str, torch.Tensor]) -> bool:
        value = metrics.get(EARLY_STOPPING["metric"])
        if value is None:
            return False
        signed = value if EARLY_STOPPING["mode"] == "min" else -value
        if signed < self.value - EARLY_STOPPING["min_delta"]:
            self.value, self.epoch, self.wait = signed, epoch, 0
            self.weights = {k: v.clone() for k, v in weights.items()}
            return False
        self.wait += 1
        return self.wait >= EARLY_STOPPING["patience"]

    @property
    def restores_best(self) -> bool:
        return EARLY_STOPPING["restore_best"] and self.epoch > 0


class Run:
    """Everything a checkpoint holds besides the weights: position, running sums, history, EMA, best weights."""

    def __init__(self, model: nn.Module, optimizer: torch.optim.Optimizer) -> None:
        self.model, self.optimizer = model, optimizer
        self.step = self.epoch = self.batch = self.micro = 0
        self.sums = {"loss_sum": 0.0, "correct": 0.0, "seen": 0.0}
        # The micro-batches of the optimizer step being accumulated, and every step's loss and rate so far.
        self.pending = {"loss_sum": 0.0, "seen": 0.0}
        self.per_step: Dict[str, List[float]] = {"loss": [], "lr": []}
        self.ratios: Optional[Dict[str, float]] = None
        self.history: List[Dict[str, Any]] = []
        net = unwrap(model)
        self.ema = {n: p.detach().clone() for n, p in net.named_parameters()} if EMA_DECAY is not None else None
        self.best = EarlyStopping() if EARLY_STOPPING is not None else None

    def evaluated_weights(self) -> Dict[str, torch.Tensor]:
        """The state evaluation uses: the EMA average in place of the parameters when EMA is on."""
        state = model_state(self.model)
        if self.ema is not None:
            state.update({n: t.clone() for n, t in self.ema.items()})
        return state

    def exported_weights(self) -> Dict[str, torch.Tensor]:
        if self.best is not None and self.best.restores_best:
            return self.best.weights
        return self.evaluated_weights()

    def save(self, out: str, metadata: Dict[str, str], exported: Optional[Dict[str, torch.Tensor]] = None, scheduler: Any = None) -> None:
        """checkpoint.safetensors (what evaluation uses, as PyTorch loads it), then the training state, each atomically."""
        write_safetensors(os.path.join(out, CHECKPOINT_FILE), exported or self.evaluated_weights(), {"format": "pt", "source": SPEC, **metadata})
        tensors = {f"train.{n}": t for n, t in model_state(self.model).items()}
        optimizer_state = self.optimizer.state_dict()
        for index, state in optimizer_state["state"].items():
            for key, value in state.items():
                if torch.is_tensor(value):
                    tensors[f"optimizer.{index}.{key}"] = value
        if self.ema is not None:
            tensors.update({f"ema.{n}": t for n, t in self.ema.items()})
        if self.best is not None and self.best.weights is not None:
            tensors.update({f"best.{n}": t for n, t in self.best.weights.items()})
        tensors["torch_rng"] = torch.get_rng_state().to(torch.int64)
        tensors["per_step.loss"] = torch.tensor(self.per_step["loss"], dtype=torch.float64)
        tensors["per_step.lr"] = torch.tensor(self.per_step["lr"], dtype=torch.float64)
        state = {
            "step": self.step, "epoch": self.epoch, "batch": self.batch, "micro": self.micro, "sums": self.sums, "pending": self.pending, "ratios": self.ratios,
            "history": self.history, "param_groups": optimizer_state["param_groups"],
            "best": None if self.best is None else {"value": self.best.value, "epoch": self.best.epoch, "wait": self.best.wait},
            # reduce_on_plateau depends on the metrics seen, not only on the step count: its state is kept.
            "plateau": scheduler.state_dict() if SCHEDULE_UNIT == "plateau" else None,
        }
        write_safetensors(os.path.join(out, STATE_FILE), tensors, {"format": STATE_FORMAT, "state": json.dumps(state)})

    def restore(self, directory: str, scheduler: Any, values: Dict[str, "ValueSchedule"]) -> None:
        path = os.path.join(directory, STATE_FILE)
        if not os.path.exists(path):
            raise CheckpointError(path, f"no training state to resume from (train with --out {directory} first)")
        tensors, metadata = read_safetensors(path)
        if metadata.get("format") != STATE_FORMAT:
            raise CheckpointError(path, f"not a training state of this script (metadata.format is {metadata.get('format')!r}, expected {STATE_FORMAT!r}); nnc's own runs resume with `nnc train --resume`")
        state = json.loads(metadata["state"])
        net = unwrap(self.model)
        with torch.no_grad():
            for n, t in net.state_dict().items():
                if f"train.{n}" not in tensors:
                    raise CheckpointError(path, f"train.{n} is missing (the run that wrote it had a different model)")
                t.copy_(tensors[f"train.{n}"].to(t.dtype))
        # Schedules are functions of the step (or epoch) count: replaying them reaches the same state.
        if scheduler is not None and SCHEDULE_UNIT == "plateau":
            scheduler.load_state_dict(state["plateau"])
        elif scheduler is not None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for _ in range(self.step_count_of(state)):
                    scheduler.step()
        for schedule in values.values():
            for _ in range(state["step"] if schedule.unit == "steps" else state["epoch"]):
                schedule.step()
        optimizer_state: Dict[str, Any] = {"state": {}, "param_groups": state["param_groups"]}
        for name, t in tensors.items():
            if name.startswith("optimizer."):
                _, index, key = name.split(".", 2)
                # Per-element state goes where the parameters are; scalars ("step", NAdam's mu_product) stay on
                # the CPU, where torch.optim keeps them unless capturable.
                optimizer_state["state"].setdefault(int(index), {})[key] = t.to(self.optimizer_device()) if t.dim() > 0 else t
        self.optimizer.load_state_dict(optimizer_state)
        self.step, self.epoch, self.batch, self.micro = state["step"], state["epoch"], state["batch"], state["micro"]
        self.sums, self.pending, self.ratios, self.history = state["sums"], state["pending"], state["ratios"], state["history"]
        self.per_step = {"loss": tensors["per_step.loss"].tolist(), "lr": tensors["per_step.lr"].tolist()}
        device = next(net.parameters()).device
        if self.ema is not None:
            self.ema = {n: tensors[f"ema.{n}"].to(device=device, dtype=DTYPE) for n in self.ema}
        if self.best is not None and state["best"] is not None:
            self.best.value, self.best.epoch, self.best.wait = state["best"]["value"], state["best"]["epoch"], state["best"]["wait"]
            names = [n[len("best.") :] for n in tensors if n.startswith("best.")]
            self.best.weights = {n: tensors[f"best.{n}"] for n in names} if names else None
        torch.set_rng_state(tensors["torch_rng"].to(torch.uint8))

    def step_count_of(self, state: Dict[str, Any]) -> int:
        return state["step"] if SCHEDULE_UNIT == "steps" else state["epoch"]

    def optimizer_device(self) -> torch.device:
        return next(unwrap(self.model).parameters()).device


def parse_args(argv: List[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=f"Train the model of {SPEC} (generated by nnc). Under torchrun, one process per rank.")
    p.add_argument("--out", help=f"folder for checkpoint.safetensors, training-state.safetensors and metrics.json (default runs/{SPEC_NAME})")
    p.add_argument("--device", choices=["cpu", "cuda"], default="cpu", help="cpu (default) or cuda; under torchrun each rank takes the GPU of its LOCAL_RANK")
    p.add_argument("--epochs", type=positive_int, help="override the spec's training length, in epochs")
    p.add_argument("--steps", type=positive_int, help="train at most N optimizer steps in this run, then stop with a checkpoint that --resume continues to the planned end")
    p.add_argument("--seed", type=non_negative_int, help="override the spec's seed")
    p.add_argument("--init", metavar="CKPT", help="start from the weights in this safetensors checkpoint (e.g. one trained by nnc)")
    p.add_argument("--resume", metavar="DIR", help="continue where the run in DIR stopped (any number of processes); writes to DIR unless --out is given")
    p.add_argument("--step-log", metavar="FILE", help="write one JSON line per optimizer step: step, loss, lr, momentum")
    return p.parse_args(argv)


def positive_int(text: str) -> int:
    return checked_int(text, 1)


def non_negative_int(text: str) -> int:
    return checked_int(text, 0)


def checked_int(text: str, low: int) -> int:
    try:
        value = int(text)
    except ValueError:
        value = low - 1
    if value < low:
        raise argparse.ArgumentTypeError(f"expected an integer ≥ {low}, got {text!r}")
    return value


def prepare_data(ctx: Distributed) -> Tuple[Dict[str, Any], Dict[str, Optional[Tuple[torch.Tensor, torch.Tensor]]]]:
    train, validation, test = load_data()
    fitted = fit_preprocessing(train)
    sets = {"train": train, "validation": validation, "test": test}
    prepared = {}
    for name, data in sets.items():
        if data is None:
            prepared[name] = None
            continue
        data = apply_preprocessing(fitted, data)
        check_fits(data)
        prepared[name] = as_batch(data, ctx.device)
    return fitted, prepared


def train(argv: List[str]) -> None:
    args = parse_args(argv)
    # PyTorch 1.13's own SequentialLR calls its schedulers' step(0) at each milestone and then warns about it.
    warnings.filterwarnings("ignore", message="The epoch parameter in `scheduler.step\\(\\)` was not necessary", category=UserWarning)
    if args.resume is not None and args.init is not None:
        raise SystemExit("--resume and --init exclude each other: a resumed run already has its weights")
    out = args.out or args.resume or os.path.join("runs", SPEC_NAME)
    ctx = Distributed(args.device)
    seed = SEED if args.seed is None else args.seed
    # The planned run: --epochs overrides the spec's length; --steps is only this invocation's budget.
    epochs = args.epochs if args.epochs is not None else EPOCHS
    max_steps = STEPS if args.epochs is None else None
    if epochs is None and max_steps is None:
        raise SystemExit("the training length is unknown: give --epochs")
    if ctx.main:
        os.makedirs(out, exist_ok=True)

    fitted, data = prepare_data(ctx)
    train_x, train_y = data["train"]
    if ctx.main:
        sizes = f"train {len(train_x)} rows" + "".join(f", {k} {len(data[k][0])}" for k in ("validation", "test") if data[k] is not None)
        print(sizes, file=sys.stderr)

    torch.manual_seed(seed)  # the same initial weights on every rank
    model = Model().to(device=ctx.device, dtype=DTYPE)
    init_parameters(model)
    if args.init is not None:
        load_model_state(model, args.init)
    if ctx.world > 1 and HAS_BATCH_NORM:
        model = synchronise_batch_norm(model, ctx.device)
    torch.manual_seed(seed + 1 + ctx.rank)  # dropout masks: a stream of its own on every rank
    optimizer = make_optimizer(model)
    steps_per_epoch = max(1, math.ceil(math.ceil(len(train_x) / BATCH_SIZE) / ACCUMULATE))
    scheduler = make_scheduler(optimizer, steps_per_epoch)
    values = make_value_schedules(steps_per_epoch)
    run = Run(model, optimizer)
    if args.resume is not None:
        if ctx.main:
            print(f"resuming from {args.resume}", file=sys.stderr)
        run.restore(args.resume, scheduler, values)
    if ctx.world > 1:
        model = nn.parallel.DistributedDataParallel(model, device_ids=[ctx.device.index] if ctx.device.type == "cuda" else None)
        run.model = model
    parameters = [p for p in model.parameters() if p.requires_grad]
    sampler = GlobalBatchSampler(len(train_x), BATCH_SIZE, SHUFFLE, seed, ctx.rank, ctx.world)
    step_log = open(args.step_log, "a" if args.resume else "w") if args.step_log and ctx.main else None
    metadata = lambda: {"epoch": str(run.epoch), "step": str(run.step), "preprocessing": json.dumps(fitted, separators=(",", ":"))}
    batches = len(sampler)
    budget_end = None if args.steps is None else run.step + args.steps
    paused: Optional[Dict[str, Any]] = None
    partial: Optional[Dict[str, Any]] = None
    total = math.ceil(max_steps / batches) if max_steps is not None else epochs
    every = math.ceil(total / 25) if total > 50 else 1
    started = time.perf_counter()
    stopped_early = False
    model.train()

    while (epochs is None or run.epoch < epochs) and paused is None:
        if max_steps is not None and run.step >= max_steps:
            break
        epoch_started = time.perf_counter()
        sampler.set_epoch(run.epoch)
        last_lr = current_lr(optimizer)
        for rows, global_n in sampler.batches(run.batch):
            if run.micro % ACCUMULATE == 0:
                optimizer.zero_grad(set_to_none=True)
            last_lr = current_lr(optimizer)
            apply_value_schedules(values, optimizer, model)
            momentum = current_momentum(optimizer)
            x = augment(train_x[rows])
            if MIXES:
                x, lam, perm = mix(x)
            outputs = model(x)
            data_loss = mixed_loss_sum(outputs, train_y[rows], lam, perm) if MIXES else loss_sum(outputs, train_y[rows])
            # DistributedDataParallel averages the ranks' gradients: scaling each rank's sum by world / global_n
            # makes that average the gradient of the global batch's mean loss, however unevenly it was split.
            objective = (data_loss * (ctx.world / global_n) + penalty(unwrap(model))) / ACCUMULATE
            objective.backward()
            loss_sum_all, correct, seen = ctx.sum([float(data_loss), count_correct(outputs.detach(), train_y[rows]), float(len(rows))])
            loss = loss_sum_all / global_n
            if not math.isfinite(loss):
                raise TrainingError(f"training diverged: loss {loss} at step {run.step + 1} (epoch {run.epoch + 1}, lr {exponential(last_lr)})")
            run.sums["loss_sum"] += loss_sum_all
            run.sums["correct"] += correct
            run.sums["seen"] += seen
            run.pending["loss_sum"] += loss_sum_all
            run.pending["seen"] += seen
            run.micro += 1
            run.batch += 1
            if run.micro % ACCUMULATE != 0:
                continue
            clip_gradients(parameters)
            before = {n: p.detach().clone() for n, p in unwrap(model).named_parameters() if p.dim() >= 2} if run.ratios is None else None
            optimizer.step()
            if scheduler is not None and SCHEDULE_UNIT == "steps":
                scheduler.step()
            ema_decay = values["ema"].value if "ema" in values else EMA_DECAY
            for schedule in values.values():
                if schedule.unit == "steps":
                    schedule.step()
            apply_max_norm(model)
            run.step += 1
            if before is not None:
                run.ratios = update_weight_ratios(unwrap(model), before)
            if run.ema is not None:
                update_ema(run.ema, unwrap(model), run.step, ema_decay)
            step_loss = run.pending["loss_sum"] / max(run.pending["seen"], 1)
            run.pending = {"loss_sum": 0.0, "seen": 0.0}
            run.per_step["loss"].append(step_loss)
            run.per_step["lr"].append(last_lr)
            if step_log is not None:
                step_log.write(json.dumps({"step": run.step - 1, "loss": step_loss, "lr": last_lr, "momentum": momentum}) + "\n")
            if CHECKPOINT_EVERY is not None and CHECKPOINT_EVERY[0] == "steps" and run.step % CHECKPOINT_EVERY[1] == 0:
                if ctx.main:
                    run.save(out, metadata(), scheduler=scheduler)
                ctx.barrier()
            if max_steps is not None and run.step >= max_steps:
                break
            if budget_end is not None and run.step >= budget_end:
                paused = {"reason": "steps", "epoch": run.epoch, "batch": run.batch, "batches": batches, "step": run.step}
                break
        seconds = time.perf_counter() - epoch_started
        planned_end = max_steps is not None and run.step >= max_steps
        if paused is not None and run.batch < batches and not planned_end:
            # Paused inside the epoch: the checkpoint keeps its position and running sums; metrics.json shows them.
            paused["epoch"] = run.epoch + 1
            seen = max(run.sums["seen"], 1)
            partial = {
                "epoch": run.epoch + 1, "train_loss": run.sums["loss_sum"] / seen, "train_accuracy": run.sums["correct"] / seen if TASK == "classification" else None,
                "val_loss": None, "val_accuracy": None, "lr": last_lr, "seconds": seconds, "samples_per_second": run.sums["seen"] / max(seconds, 1e-9),
                "step": run.step, "partial_batches": run.batch,
            }
            if run.ratios is not None:
                partial["update_weight_ratio"] = run.ratios
            break
        if planned_end:
            paused = None
        elif paused is not None:
            paused.update({"epoch": run.epoch + 1, "batch": 0})
        run.epoch += 1
        run.batch = 0
        seen = max(run.sums["seen"], 1)
        train_metrics = {"loss": run.sums["loss_sum"] / seen, "accuracy": run.sums["correct"] / seen if TASK == "classification" else None}
        evaluate_now = EVALUATE_EVERY[0] != "epochs" or run.epoch % EVALUATE_EVERY[1] == 0
        val = None
        if data["validation"] is not None and evaluate_now:
            val = evaluate_with(run, data["validation"], ctx)
        entry: Dict[str, Any] = {
            "epoch": run.epoch, "train_loss": train_metrics["loss"], "train_accuracy": train_metrics["accuracy"],
            "val_loss": None if val is None else val["loss"], "val_accuracy": None if val is None else val["accuracy"],
            "lr": last_lr, "seconds": seconds, "samples_per_second": run.sums["seen"] / max(seconds, 1e-9), "step": run.step,
        }
        if run.ratios is not None:
            entry["update_weight_ratio"] = run.ratios
        for k, v in ({} if val is None else val["top_k"]).items():
            entry[f"val_{k}"] = v
        run.history.append(entry)
        run.sums = {"loss_sum": 0.0, "correct": 0.0, "seen": 0.0}
        run.ratios = None
        if ctx.main and (run.epoch % every == 0 or run.epoch == total or run.epoch == 1):
            print(
                f"epoch {run.epoch}: train loss {fixed(entry['train_loss'])} acc {fixed(entry['train_accuracy'])} | val loss {fixed(entry['val_loss'])} "
                f"acc {fixed(entry['val_accuracy'])} | lr {exponential(entry['lr'])} | {seconds:.1f} s, {int(entry['samples_per_second'] + 0.5)} samples/s",
                file=sys.stderr,
            )
        if scheduler is not None and SCHEDULE_UNIT == "epochs":
            scheduler.step()
        for schedule in values.values():
            if schedule.unit == "epochs":
                schedule.step()
        observed = {"train.loss": train_metrics["loss"], "train.accuracy": train_metrics["accuracy"]}
        if val is not None:
            observed.update({"validation.loss": val["loss"], "validation.accuracy": val["accuracy"]})
            observed.update({f"validation.{k}": v for k, v in val["top_k"].items()})
        if scheduler is not None and SCHEDULE_UNIT == "plateau" and observed.get(PLATEAU_METRIC) is not None:
            scheduler.step(observed[PLATEAU_METRIC])
        if run.best is not None and val is not None:
            stopped_early = run.best.observe(run.epoch, observed, run.evaluated_weights())
        if CHECKPOINT_EVERY is not None and CHECKPOINT_EVERY[0] == "epochs" and run.epoch % CHECKPOINT_EVERY[1] == 0:
            if ctx.main:
                run.save(out, metadata(), scheduler=scheduler)
            ctx.barrier()
        if stopped_early:
            break

    # What is evaluated and saved: the best weights when early stopping restores them, else the EMA average
    # when EMA is on, else the last weights. The training state keeps the training weights, for --resume.
    exported = run.exported_weights()
    if ctx.main:
        run.save(out, metadata(), exported, scheduler)
    unwrap(model).load_state_dict(exported)
    test = evaluate(model, data["test"], ctx) if data["test"] is not None else None
    seconds = time.perf_counter() - started
    if ctx.main:
        best_epoch = run.best.epoch if run.best is not None and run.best.epoch > 0 else None
        if stopped_early:
            print(f"early stopping after epoch {len(run.history)}; best epoch {best_epoch}", file=sys.stderr)
        metrics: Dict[str, Any] = {"source": SPEC, "epochs": run.history + ([partial] if partial is not None else [])}
        if test is not None:
            metrics.update({"test_loss": test["loss"], "test_accuracy": test["accuracy"]})
        metrics.update({
            "stopped_early": stopped_early, "best_epoch": best_epoch, "steps": run.step, "seconds": seconds,
            "threads": ctx.world, "kernel_threads": torch.get_num_threads(), "threads_reason": threads_reason(ctx),
        })
        if paused is not None:
            metrics["paused"] = paused
        metrics["per_step"] = run.per_step
        write_file_atomic(os.path.join(out, "metrics.json"), (json.dumps(metrics, indent=2) + "\n").encode("utf-8"))
        print(threads_reason(ctx), file=sys.stderr)
        if test is not None:
            accuracy = "" if test["accuracy"] is None else f" accuracy {fixed(test['accuracy'])}"
            print(f"test: loss {fixed(test['loss'])}{accuracy} ({test['n']} samples)")
        print(f"trained {run.step} steps in {seconds:.1f} s; wrote {os.path.join(out, CHECKPOINT_FILE)} and {os.path.join(out, 'metrics.json')}")
    if step_log is not None:
        step_log.close()
    model = run.model = unwrap(model)  # the wrapper goes before the process group: see Distributed.close
    ctx.close()


def evaluate_with(run: Run, data: Tuple[torch.Tensor, torch.Tensor], ctx: Distributed) -> Dict[str, Any]:
    """Evaluates with the EMA weights swapped in, when EMA is on."""
    if run.ema is None:
        return evaluate(run.model, data, ctx)
    net = unwrap(run.model)
    kept = {n: p.detach().clone() for n, p in net.named_parameters()}
    with torch.no_grad():
        for n, p in net.named_parameters():
            p.copy_(run.ema[n])
    try:
        return evaluate(run.model, data, ctx)
    finally:
        with torch.no_grad():
            for n, p in net.named_parameters():
                p.copy_(kept[n])


@torch.no_grad()
def update_ema(ema: Dict[str, torch.Tensor], model: nn.Module, step: int, scheduled: float) -> None:
    """ema ← d·ema + (1 − d)·w with d = min(decay, (1 + t)/(10 + t)): TensorFlow's warm-up, as nnc."""
    decay = min(scheduled, (1 + step) / (10 + step))
    for n, p in model.named_parameters():
        ema[n].mul_(decay).add_(p.detach(), alpha=1 - decay)


@torch.no_grad()
def update_weight_ratios(model: nn.Module, before: Dict[str, torch.Tensor]) -> Dict[str, float]:
    """‖Δw‖ / ‖w‖ of one optimizer step per weight matrix (metrics.json's update_weight_ratio)."""
    out = {}
    for n, p in model.named_parameters():
        if n in before:
            dd = float(((p.detach().double() - before[n].double()) ** 2).sum())
            ww = float((before[n].double() ** 2).sum())
            out[n] = math.sqrt(dd / ww) if ww > 0 else (math.inf if dd > 0 else 0.0)
    return out


def threads_reason(ctx: Distributed) -> str:
    if ctx.world == 1:
        return f"PyTorch {torch.__version__} on {ctx.device.type}, 1 process, {torch.get_num_threads()} threads"
    return f"PyTorch {torch.__version__} DistributedDataParallel: {ctx.world} processes ({ctx.backend})"


def main(argv: List[str]) -> int:
    try:
        train(argv)
    except (DataError, CheckpointError, TrainingError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0
