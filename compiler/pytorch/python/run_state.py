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
