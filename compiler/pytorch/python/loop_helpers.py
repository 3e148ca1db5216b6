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


def evaluation_outputs(net: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """The network's outputs, or with test-time views their mean over the batch and each view (as nnc's evaluation)."""
    outputs = net(x)
    views = test_time_views(x)
    for view in views:
        outputs = outputs + net(view)
    return outputs / (len(views) + 1) if views else outputs


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
        outputs = evaluation_outputs(net, x[start:end])
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


def layer_module(model: nn.Module, name: str) -> nn.Module:
    """The module of the layer `name` (`fc1`, `layer1.0.conv1`), found by its state_dict path through `_modules`."""
    module = unwrap(model)
    for part in name.split("."):
        module = module._modules[part]
    return module


@torch.no_grad()
def apply_max_norm(model: nn.Module) -> None:
    """max_norm: each unit's incoming weights (a row of a dense weight) rescaled to norm ≤ c, as torch.renorm."""
    for name in MAX_NORM_LAYERS:
        w = layer_module(model, name).weight
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
            layer_module(model, key[len("dropout:") :]).p = schedule.value


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
