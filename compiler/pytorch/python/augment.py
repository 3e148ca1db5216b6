# ---------------------------------------------------------------------------------------------------------
# Augmentation of each training batch x[n, C, H, W] (a flat row is [1, 1, F]), after preprocessing, with the
# semantics of nnc's runtime/data/augment.ts; the random draws come from torch's generator (so the images
# differ from nnc's run, the distribution does not). Under torchrun every rank augments its own slice.
# ---------------------------------------------------------------------------------------------------------


def as_images(x: torch.Tensor) -> torch.Tensor:
    return x if x.dim() == 4 else x.view(len(x), 1, 1, -1)


@torch.no_grad()
def random_shift(x: torch.Tensor, max_dy: int, max_dx: int) -> torch.Tensor:
    """Moves each image by (dy, dx), uniform in [−max, max] pixels: out[i, j] = in[i − dy, j − dx], zero outside."""
    images = as_images(x)
    n, _, h, w = images.shape
    padded = F.pad(images, (max_dx, max_dx, max_dy, max_dy))
    dy = torch.randint(-max_dy, max_dy + 1, (n,)).tolist()
    dx = torch.randint(-max_dx, max_dx + 1, (n,)).tolist()
    out = torch.stack([padded[b, :, max_dy - dy[b] : max_dy - dy[b] + h, max_dx - dx[b] : max_dx - dx[b] + w] for b in range(n)])
    return out.view_as(x)


@torch.no_grad()
def random_flip(x: torch.Tensor, p: float, vertical: bool) -> torch.Tensor:
    """Mirrors each image left-right (or top-bottom) with probability p."""
    images = as_images(x).clone()
    chosen = torch.rand(len(images), device=images.device) < p
    images[chosen] = images[chosen].flip(2 if vertical else 3)
    return images.view_as(x)


@torch.no_grad()
def gaussian_noise(x: torch.Tensor, std: float) -> torch.Tensor:
    return x + std * torch.randn_like(x)


@torch.no_grad()
def cutout(x: torch.Tensor, size: int, p: float) -> torch.Tensor:
    """With probability p, zeroes a size×size box (clipped to the image) centred on a uniform pixel, in every channel."""
    images = as_images(x).clone()
    n, _, h, w = images.shape
    half = size // 2
    for b in range(n):
        if float(torch.rand(())) < p:
            ci, cj = int(torch.randint(h, ())), int(torch.randint(w, ()))
            images[b, :, max(0, ci - half) : max(0, ci - half + size), max(0, cj - half) : max(0, cj - half + size)] = 0
    return images.view_as(x)


@torch.no_grad()
def mix(x: torch.Tensor) -> Tuple[torch.Tensor, float, torch.Tensor]:
    """
    mixup or cutmix of the batch with a shuffled copy of itself (one of MIXES, chosen uniformly per batch; it
    fires with its probability p): returns the mixed batch, λ (the share of each row's own label) and the
    permutation. λ ~ Beta(α, α); cutmix pastes a box of area about 1 − λ and sets λ from the area actually
    pasted, as nnc does. Without a mix λ = 1.
    """
    kind, alpha, p = MIXES[0] if len(MIXES) == 1 else MIXES[int(torch.randint(len(MIXES), ()))]
    n = len(x)
    if float(torch.rand(())) >= p:
        return x, 1.0, torch.arange(n, device=x.device)
    lam = float(torch.distributions.Beta(alpha, alpha).sample())
    perm = torch.randperm(n).to(x.device)
    if kind == "mixup":
        return lam * x + (1 - lam) * x[perm], lam, perm
    images = as_images(x).clone()
    _, _, h, w = images.shape
    cut = math.sqrt(1 - lam)
    bh, bw = int(h * cut), int(w * cut)
    ci, cj = int(torch.randint(h, ())), int(torch.randint(w, ()))
    i0, i1 = max(0, ci - bh // 2), min(h, ci + bh // 2)
    j0, j1 = max(0, cj - bw // 2), min(w, cj + bw // 2)
    images[:, :, i0:i1, j0:j1] = as_images(x)[perm][:, :, i0:i1, j0:j1]
    return images.view_as(x), 1 - (i1 - i0) * (j1 - j0) / (h * w), perm
