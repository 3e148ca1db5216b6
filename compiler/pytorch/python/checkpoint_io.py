# ---------------------------------------------------------------------------------------------------------
# Checkpoints: safetensors, read and written here so that only torch and numpy are needed. Format
# (https://github.com/huggingface/safetensors): 8-byte little-endian header length N, N bytes of UTF-8 JSON
# (space-padded to a multiple of 8), then the data section. Tensors are laid out back to back, 8-byte dtypes
# first, little-endian and row-major, as nnc writes them; the metadata carries "checksum" = sha256 of the
# data section, which nnc verifies on read (and so do we).
# ---------------------------------------------------------------------------------------------------------

SAFETENSORS_DTYPES = {"F32": (torch.float32, "<f4", 4), "F64": (torch.float64, "<f8", 8), "I64": (torch.int64, "<i8", 8)}
DTYPE_NAMES = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64"}


class CheckpointError(Exception):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")


def write_file_atomic(path: str, data: bytes) -> None:
    """Writes a temporary file beside `path`, fsyncs it and renames it over `path`: readers see the old or the new file, never half of one."""
    directory = os.path.dirname(os.path.abspath(path))
    tmp = os.path.join(directory, f".{os.path.basename(path)}.{os.getpid()}.{secrets.token_hex(6)}.tmp")
    try:
        with open(tmp, "xb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    try:
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass  # some file systems cannot fsync a directory; the rename already happened


def write_safetensors(path: str, tensors: Dict[str, torch.Tensor], metadata: Dict[str, str]) -> None:
    items = [(name, t.detach().cpu().contiguous()) for name, t in tensors.items()]
    for name, t in items:
        if t.dtype not in DTYPE_NAMES:
            raise CheckpointError(path, f'tensor "{name}" has dtype {t.dtype}; expected float32, float64 or int64')
    # Stable sort: 8-byte dtypes first, then insertion order (nnc's layout).
    items.sort(key=lambda item: -SAFETENSORS_DTYPES[DTYPE_NAMES[item[1].dtype]][2])
    chunks: List[bytes] = []
    entries: Dict[str, Any] = {}
    offset = 0
    for name, t in items:
        dtype = DTYPE_NAMES[t.dtype]
        raw = t.numpy().astype(SAFETENSORS_DTYPES[dtype][1], copy=False).tobytes()
        entries[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    data = b"".join(chunks)
    header = {"__metadata__": {**metadata, "checksum": "sha256:" + hashlib.sha256(data).hexdigest()}, **entries}
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * (-len(text) % 8)
    write_file_atomic(path, struct.pack("<Q", len(text)) + text + data)


def read_safetensors(path: str) -> Tuple[Dict[str, torch.Tensor], Dict[str, str]]:
    """Reads and validates a safetensors file; every problem raises CheckpointError naming the path."""
    try:
        with open(path, "rb") as f:
            file = f.read()
    except OSError as e:
        raise CheckpointError(path, "file not found" if isinstance(e, FileNotFoundError) else f"cannot be read ({e})") from None
    if len(file) < 8:
        raise CheckpointError(path, f"file is {len(file)} bytes, shorter than the 8-byte safetensors header length")
    (n,) = struct.unpack("<Q", file[:8])
    if n > len(file) - 8:
        raise CheckpointError(path, f"header length {n} goes beyond the end of the file")
    try:
        header = json.loads(file[8 : 8 + n].decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise CheckpointError(path, f"header is not valid JSON ({e})") from None
    if not isinstance(header, dict):
        raise CheckpointError(path, "header is not a JSON object")
    data = file[8 + n :]
    metadata = header.pop("__metadata__", {}) or {}
    if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
        raise CheckpointError(path, "__metadata__ is not an object of strings")
    checksum = metadata.get("checksum")
    if checksum is not None and checksum != "sha256:" + hashlib.sha256(data).hexdigest():
        raise CheckpointError(path, "checksum mismatch: the file is corrupt or truncated")
    tensors: Dict[str, torch.Tensor] = {}
    for name, entry in header.items():
        if not isinstance(entry, dict) or entry.get("dtype") not in SAFETENSORS_DTYPES:
            raise CheckpointError(path, f'tensor "{name}": unsupported entry (dtype F32, F64 or I64 expected)')
        shape, offsets = entry.get("shape"), entry.get("data_offsets")
        if not isinstance(shape, list) or not all(isinstance(d, int) and d >= 0 for d in shape):
            raise CheckpointError(path, f'tensor "{name}": shape {shape!r} is not a list of non-negative integers')
        if not isinstance(offsets, list) or len(offsets) != 2 or not all(isinstance(o, int) for o in offsets):
            raise CheckpointError(path, f'tensor "{name}": data_offsets {offsets!r} is not a pair of integers')
        torch_dtype, numpy_dtype, size = SAFETENSORS_DTYPES[entry["dtype"]]
        begin, end = offsets
        if not (0 <= begin <= end <= len(data)) or end - begin != math.prod(shape) * size:
            raise CheckpointError(path, f'tensor "{name}": data_offsets [{begin}, {end}] do not fit shape {shape} of {entry["dtype"]}')
        array = np.frombuffer(data[begin:end], dtype=numpy_dtype).astype(numpy_dtype[1:], copy=True).reshape(shape)
        tensors[name] = torch.from_numpy(array).to(torch_dtype)
    return tensors, metadata


def model_state(model: nn.Module) -> Dict[str, torch.Tensor]:
    """The state_dict under PyTorch's names (DistributedDataParallel's "module." prefix removed)."""
    return {name: t.detach().clone() for name, t in unwrap(model).state_dict().items()}


def load_model_state(model: nn.Module, path: str) -> None:
    """Strict loading, as load_state_dict: missing, unexpected or misshapen tensors are errors naming the file."""
    tensors, _ = read_safetensors(path)
    own = unwrap(model).state_dict()
    missing = [name for name in own if name not in tensors and not name.endswith("num_batches_tracked")]
    if missing:
        raise CheckpointError(path, f"tensors {', '.join(missing)} are missing (the file has: {', '.join(tensors) or 'no tensors'})")
    unexpected = [name for name in tensors if name not in own]
    if unexpected:
        raise CheckpointError(path, f"unexpected tensors not in the model: {', '.join(unexpected)} (the model has: {', '.join(own)})")
    with torch.no_grad():
        for name, target in own.items():
            if name not in tensors:
                continue  # older checkpoints lack num_batches_tracked; PyTorch then keeps its counter too
            source = tensors[name]
            if list(source.shape) != list(target.shape):
                raise CheckpointError(path, f"tensor {name} has shape {list(source.shape)} but the model expects {list(target.shape)}")
            if target.is_floating_point() and not source.is_floating_point():
                raise CheckpointError(path, f"tensor {name} has dtype {source.dtype} but the model expects floating point")
            target.copy_(source.to(target.dtype))


INIT_FILES: Dict[str, Dict[str, torch.Tensor]] = {}


def init_file(path: str) -> Dict[str, torch.Tensor]:
    if path not in INIT_FILES:
        INIT_FILES[path] = read_safetensors(path)[0]
    return INIT_FILES[path]


def load_tensor(path: str, name: str, shape: List[int]) -> torch.Tensor:
    """One tensor of a safetensors file, for `from(...)` initializers."""
    tensors = init_file(path)
    if name not in tensors:
        raise CheckpointError(path, f"tensor {name} is missing (the file has: {', '.join(tensors)})")
    t = tensors[name]
    if list(t.shape) != shape:
        raise CheckpointError(path, f"tensor {name} has shape {list(t.shape)} but the model expects {shape}")
    return t


def load_batches_tracked(layer: nn.Module, path: str, name: str) -> None:
    """num_batches_tracked from a whole-model checkpoint, when it has one (older PyTorch files do not)."""
    tensors = init_file(path)
    if name in tensors:
        layer.num_batches_tracked.fill_(int(tensors[name]))
