# ---------------------------------------------------------------------------------------------------------
# Data-parallel training under torchrun: one process per rank, DistributedDataParallel averaging gradients
# (gloo on CPU, nccl on CUDA). The spec's batch_size is the global batch: every step, the ranks take
# consecutive, near-equal slices of the same global batch that one process would take, so N processes see
# the same samples per step as one and end with the same weights (up to summation order).
# ---------------------------------------------------------------------------------------------------------


class Distributed:
    def __init__(self, device: str) -> None:
        self.world = int(os.environ.get("WORLD_SIZE", "1"))
        self.rank = int(os.environ.get("RANK", "0"))
        local_rank = int(os.environ.get("LOCAL_RANK", "0"))
        if device == "cuda":
            if not torch.cuda.is_available():
                raise SystemExit("--device cuda: PyTorch sees no CUDA device on this machine")
            torch.cuda.set_device(local_rank)
            self.device = torch.device("cuda", local_rank)
        else:
            self.device = torch.device("cpu")
        self.backend = "nccl" if device == "cuda" else "gloo"
        if self.world > 1:
            dist.init_process_group(self.backend)

    @property
    def main(self) -> bool:
        return self.rank == 0

    def sum(self, values: List[float]) -> List[float]:
        """Element-wise sum over the ranks (float64, so counts and loss sums stay exact)."""
        if self.world == 1:
            return values
        t = torch.tensor(values, dtype=torch.float64, device=self.device if self.backend == "nccl" else "cpu")
        dist.all_reduce(t)
        return t.tolist()

    def barrier(self) -> None:
        if self.world > 1:
            dist.barrier()

    def close(self) -> None:
        # Every rank leaves together: rank 0 writes the last files while the others wait here, so none
        # tears its connections down under a peer still inside a collective (gloo can then hang at exit).
        # The caller has dropped its DistributedDataParallel wrapper; collecting it here, before the group
        # is destroyed, matters: a reducer freed after destroy_process_group hangs a gloo rank now and then.
        if self.world > 1:
            dist.barrier()
            gc.collect()
            dist.destroy_process_group()


class GlobalBatchSampler(torch.utils.data.Sampler):
    """
    Yields this rank's row indices for each step of an epoch. The epoch's order is one permutation drawn
    from (seed, epoch), as DistributedSampler with set_epoch does, identical on every rank; step k's global
    batch is rows [k·B, (k+1)·B) of it and rank r takes the r-th of `world` contiguous near-equal slices.
    """

    def __init__(self, n: int, batch_size: int, shuffle: bool, seed: int, rank: int, world: int) -> None:
        self.n, self.batch_size, self.shuffle, self.seed, self.rank, self.world = n, batch_size, shuffle, seed, rank, world
        self.epoch = 0

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def __len__(self) -> int:
        return math.ceil(self.n / self.batch_size)

    def order(self) -> torch.Tensor:
        if not self.shuffle:
            return torch.arange(self.n)
        g = torch.Generator()
        g.manual_seed(self.seed + self.epoch)
        return torch.randperm(self.n, generator=g)

    def batches(self, start: int = 0) -> Iterator[Tuple[torch.Tensor, int]]:
        """(this rank's rows, the global batch size) for steps start, start + 1, … of the epoch."""
        order = self.order()
        for k in range(start, len(self)):
            rows = order[k * self.batch_size : (k + 1) * self.batch_size]
            lo, hi = len(rows) * self.rank // self.world, len(rows) * (self.rank + 1) // self.world
            yield rows[lo:hi], len(rows)

    def __iter__(self) -> Iterator[torch.Tensor]:
        return (rows for rows, _ in self.batches())


class GlobalBatchNorm(nn.modules.batchnorm._BatchNorm):
    """
    Batch norm over the global batch of all ranks, for CPU runs: nn.SyncBatchNorm needs CUDA in PyTorch 1.13.
    Mean and biased variance come from sums all-reduced across ranks (differentiable all_reduce, so the
    backward pass is the full-batch one); the running statistics get the unbiased variance, as BatchNorm.
    """

    def _check_input_dim(self, x: torch.Tensor) -> None:
        if x.dim() not in (2, 4):
            raise ValueError(f"expected 2D or 4D input (got {x.dim()}D input)")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self._check_input_dim(x)
        if not self.training:
            return F.batch_norm(x, self.running_mean, self.running_var, self.weight, self.bias, False, 0.0, self.eps)
        dims = [0] + list(range(2, x.dim()))
        view = [1, -1] + [1] * (x.dim() - 2)
        count = torch.tensor([x.numel() // x.shape[1]], dtype=x.dtype, device=x.device)
        totals = distributed_all_reduce(torch.cat([x.sum(dims), count]))
        n = totals[-1]
        mean = totals[:-1] / n
        centred = x - mean.view(view)
        variance = distributed_all_reduce((centred * centred).sum(dims)) / n
        y = centred * torch.rsqrt(variance + self.eps).view(view)
        if self.affine:
            y = y * self.weight.view(view) + self.bias.view(view)
        with torch.no_grad():
            self.running_mean.mul_(1 - self.momentum).add_(mean.detach(), alpha=self.momentum)
            self.running_var.mul_(1 - self.momentum).add_(variance.detach() * (n / (n - 1)), alpha=self.momentum)
            self.num_batches_tracked.add_(1)
        return y


def synchronise_batch_norm(model: nn.Module, device: torch.device) -> nn.Module:
    """Batch norm layers normalise over the global batch: nn.SyncBatchNorm on CUDA, GlobalBatchNorm on CPU."""
    if device.type == "cuda":
        return nn.SyncBatchNorm.convert_sync_batchnorm(model)
    for parent in list(model.modules()):  # a graph model's batch norms sit in nested blocks
        for name, child in list(parent.named_children()):
            if isinstance(child, nn.modules.batchnorm._BatchNorm):
                replacement = GlobalBatchNorm(child.num_features, child.eps, child.momentum, child.affine, child.track_running_stats)
                replacement.load_state_dict(child.state_dict())
                parent._modules[name] = replacement.to(device=device, dtype=DTYPE)
    return model


def unwrap(model: nn.Module) -> nn.Module:
    return model.module if isinstance(model, nn.parallel.DistributedDataParallel) else model
