def train(argv: List[str]) -> None:
    args = parse_args(argv)
    # PyTorch 1.13's own SequentialLR calls its schedulers' step(0) at each milestone and then warns about it.
    warnings.filterwarnings("ignore", message="The epoch parameter in `scheduler.step\\(\\)` was not necessary", category=UserWarning)
    if args.resume is not None and args.init is not None:
        raise SystemExit("--resume and --init exclude each other: a resumed run already has its weights")
    out = args.out or args.resume or os.path.join("runs", SPEC_NAME)
    if args.threads is not None:
        torch.set_num_threads(args.threads)
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
            before = {n: p.detach().clone() for n, p in unwrap(model).named_parameters() if is_weight_matrix(n, p)} if run.ratios is None else None
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


def is_weight_matrix(name: str, p: torch.Tensor) -> bool:
    """A weight of two or more dimensions (not a bias, even one shaped like a layer norm's input)."""
    return p.dim() >= 2 and name.endswith(".weight")


@torch.no_grad()
def update_weight_ratios(model: nn.Module, before: Dict[str, torch.Tensor]) -> Dict[str, Optional[float]]:
    """‖Δw‖ / ‖w‖ of one optimizer step per weight matrix (metrics.json's update_weight_ratio); an infinite
    ratio (a zero weight that moved) is null, as nnc's JSON writes it: json.dump would write Infinity, which is not JSON."""
    out: Dict[str, Optional[float]] = {}
    for n, p in model.named_parameters():
        if n in before:
            dd = float(((p.detach().double() - before[n].double()) ** 2).sum())
            ww = float((before[n].double() ** 2).sum())
            out[n] = math.sqrt(dd / ww) if ww > 0 else (None if dd > 0 else 0.0)
    return out


def threads_reason(ctx: Distributed) -> str:
    if ctx.world == 1:
        threads = torch.get_num_threads()
        reason = f"PyTorch {torch.__version__} on {ctx.device.type}, 1 process, {threads} thread{'' if threads == 1 else 's'}"
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        if ctx.device.type == "cpu" and threads < cpus:
            # PyTorch counts half the logical CPUs as physical cores, which on a VM's vCPUs leaves cores idle.
            reason += f" of this machine's {cpus} CPUs (--threads {cpus} to use them all)"
        return reason
    return f"PyTorch {torch.__version__} DistributedDataParallel: {ctx.world} processes ({ctx.backend})"


def main(argv: List[str]) -> int:
    try:
        train(argv)
    except (DataError, CheckpointError, TrainingError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0
