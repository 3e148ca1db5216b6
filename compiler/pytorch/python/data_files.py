# ---------------------------------------------------------------------------------------------------------
# Data files, read exactly as nnc reads them (runtime/data/): the same rows, the same float32 values, the
# same validation split. A data set is a dict: x float32 [n, features], shape (the row shape), labels int64
# [n] (classification) or targets float32 [n, k] (regression), source (for messages).
# ---------------------------------------------------------------------------------------------------------

NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
F32_MAX = 3.4028234663852886e38


class DataError(Exception):
    def __init__(self, path: str, message: str, line: Optional[int] = None) -> None:
        super().__init__(f"{path}{'' if line is None else f':{line}'}: {message}")


def read_data_file(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        raise DataError(path, "file not found") from None
    except OSError as e:
        raise DataError(path, f"cannot be read ({e.strerror})") from None


def split_csv_line(line: str) -> List[str]:
    """Splits on commas outside double quotes; quotes and surrounding spaces are stripped from each cell."""
    cells, start, quoted = [], 0, False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            cells.append(line[start:i])
            start = i + 1
    cells.append(line[start:])
    out = []
    for cell in cells:
        t = cell.strip()
        out.append(t[1:-1].strip() if len(t) >= 2 and t[0] == '"' and t[-1] == '"' else t)
    return out


def load_csv(path: str, label: Optional[int], targets: Optional[List[int]], header: bool) -> Dict[str, Any]:
    text = read_data_file(path).decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = re.split(r"\r?\n", text)
    while lines and lines[-1].strip() == "":
        lines.pop()
    if not lines:
        raise DataError(path, "file is empty; expected rows of comma-separated numbers")
    first = 1 if header else 0
    if len(lines) <= first:
        raise DataError(path, "has a header line but no data rows")
    targets = targets or []
    columns = len(split_csv_line(lines[0]))
    special = ([label] if label is not None else []) + targets
    for c in special:
        if c >= columns:
            raise DataError(path, f"{'label' if c == label else 'target'} column {c} is out of range: the file has {columns} columns (0-based indices 0..{columns - 1})")
    if len(special) >= columns:
        raise DataError(path, f"all {columns} columns are label/target columns; expected at least one feature column")
    feature_columns = [c for c in range(columns) if c not in special]
    rows = []
    for r, line in enumerate(lines[first:]):
        line_no = first + r + 1
        cells = split_csv_line(line)
        if len(cells) != columns:
            found = "found a blank line" if line.strip() == "" else f"found {len(cells)}"
            raise DataError(path, f"ragged row: expected {columns} columns, {found}", line_no)
        values = []
        for c, cell in enumerate(cells):
            if not NUMBER.match(cell):
                raise DataError(path, f'column {c}: cell "{cell}" is not a number', line_no)
            v = float(cell)
            if c != label and not abs(v) <= F32_MAX:
                raise DataError(path, f"column {c}: value {cell} is too large for float32", line_no)
            if c == label and (v != int(v) or v < 0 or v > 0x7FFFFFFF):
                raise DataError(path, f'label column {c} holds "{cell}"; expected a non-negative integer class index', line_no)
            values.append(v)
        rows.append(values)
    table = np.array(rows, dtype=np.float64)
    data: Dict[str, Any] = {"x": table[:, feature_columns].astype(np.float32), "shape": [len(feature_columns)], "source": path}
    if label is not None:
        data["labels"] = table[:, label].astype(np.int64)
    else:
        data["targets"] = table[:, targets].astype(np.float32)
    return data


def read_idx(path: str, role: str) -> Tuple[List[int], bytes]:
    raw = read_data_file(path)
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as e:
            raise DataError(path, f"starts like gzip but cannot be decompressed ({e})") from None
    expected = 0x803 if role == "images" else 0x801
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0:
        raise DataError(path, f"is neither gzip nor an IDX file; expected IDX {role} with magic 0x{expected:08x}, optionally gzipped")
    if raw[2] != 0x08:
        raise DataError(path, f"IDX element type is 0x{raw[2]:02x}; expected 0x08 (uint8)")
    ndim = raw[3]
    if not (ndim == 1 if role == "labels" else 2 <= ndim <= 4):
        raise DataError(path, f"wrong IDX magic 0x{struct.unpack('>I', raw[:4])[0]:08x} ({ndim} dimensions) for {role}; expected 0x{expected:08x}")
    dims = list(struct.unpack(f">{ndim}I", raw[4 : 4 + 4 * ndim]))
    body = raw[4 + 4 * ndim :]
    if len(body) != math.prod(dims):
        raise DataError(path, f"header says {'x'.join(map(str, dims))} = {math.prod(dims)} bytes of data, the file has {len(body)}")
    return dims, body


def load_idx(images_path: str, labels_path: str) -> Dict[str, Any]:
    dims, images = read_idx(images_path, "images")
    label_dims, labels = read_idx(labels_path, "labels")
    n = dims[0]
    if label_dims[0] != n:
        raise DataError(labels_path, f"holds {label_dims[0]} labels but {images_path} holds {n} images; expected one label per image")
    if n == 0:
        raise DataError(images_path, "holds no images; expected at least one")
    # [H, W] rows become [1, H, W], so images are always [C, H, W].
    shape = [1, dims[1], dims[2]] if len(dims) == 3 else dims[1:]
    x = np.frombuffer(images, dtype=np.uint8).reshape(n, -1).astype(np.float32)
    return {"x": x, "shape": shape, "labels": np.frombuffer(labels, dtype=np.uint8).astype(np.int64), "source": images_path}


def select_classes(data: Dict[str, Any], classes: List[int]) -> Dict[str, Any]:
    """Keeps the rows with these labels, renumbered 0..k-1 in the order listed."""
    if "labels" not in data:
        raise DataError(data["source"], "`classes` selects labels, but this data set has none (regression targets)")
    remap = np.full(max(int(data["labels"].max()), max(classes)) + 1, -1, dtype=np.int64)
    for i, c in enumerate(classes):
        remap[c] = i
    new = remap[data["labels"]]
    keep = new >= 0
    if not keep.any():
        raise DataError(data["source"], f"no rows have the labels {classes}")
    return {**data, "x": data["x"][keep], "labels": new[keep], "source": f"{data['source']} (classes {', '.join(map(str, classes))})"}


class NncRng:
    """nnc's generator (runtime/rng.ts): xoshiro128** seeded with splitmix32, so the validation split picks the same rows."""

    def __init__(self, seed: int) -> None:
        a = int(seed) & 0xFFFFFFFF
        words = []
        for _ in range(4):
            a = (a + 0x9E3779B9) & 0xFFFFFFFF
            t = a ^ (a >> 16)
            t = (t * 0x21F0AAAD) & 0xFFFFFFFF
            t ^= t >> 15
            t = (t * 0x735A2D97) & 0xFFFFFFFF
            words.append(t ^ (t >> 15))
        if not any(words):
            words[0] = 1
        self.s = words

    def next_u32(self) -> int:
        s0, s1, s2, s3 = self.s
        rotl = lambda x, k: ((x << k) | (x >> (32 - k))) & 0xFFFFFFFF
        result = (rotl((s1 * 5) & 0xFFFFFFFF, 7) * 9) & 0xFFFFFFFF
        t = (s1 << 9) & 0xFFFFFFFF
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        self.s = [s0, s1, s2, rotl(s3, 11)]
        return result

    def int(self, n: int) -> int:
        """Uniform integer in [0, n) by rejection sampling, as Rng.int."""
        limit = 4294967296 - (4294967296 % n)
        while True:
            x = self.next_u32()
            if x < limit:
                return x % n


def rows_of(data: Dict[str, Any], rows: np.ndarray) -> Dict[str, Any]:
    out = {**data, "x": data["x"][rows]}
    for key in ("labels", "targets"):
        if key in data:
            out[key] = data[key][rows]
    return out


def split_dataset(data: Dict[str, Any], fraction: float, seed: int) -> Tuple[Dict[str, Any], Dict[str, Any]]:
    """Holds out ceil(n·fraction) rows, a seeded random subset (nnc's splitDataset); each half keeps file order."""
    n = len(data["x"])
    n_validation = math.ceil(n * fraction)
    n_train = n - n_validation
    if n_train < 1:
        raise DataError(data["source"], f"split({fraction}) of {n} rows leaves no training rows; expected a smaller fraction or more rows")
    order = list(range(n))
    rng = NncRng(seed)
    for i in range(n - 1, 0, -1):
        j = rng.int(i + 1)
        order[i], order[j] = order[j], order[i]
    return rows_of(data, np.sort(np.array(order[:n_train]))), rows_of(data, np.sort(np.array(order[n_train:])))


def check_fits(data: Dict[str, Any]) -> None:
    """The checks of nnc's checkDatasetFits: feature count, non-empty, labels in range / target count."""
    features = data["x"].shape[1]
    if features != math.prod(INPUT_SHAPE):
        raise DataError(data["source"], f"rows have {features} features (shape {data['shape']}) but the model's input is {list(INPUT_SHAPE)} = {math.prod(INPUT_SHAPE)} features")
    if len(data["x"]) == 0:
        raise DataError(data["source"], "the data set has no rows")
    if TASK == "classification":
        if "labels" not in data:
            raise DataError(data["source"], "the model is a classifier but the data set has no class labels")
        bad = np.nonzero((data["labels"] < 0) | (data["labels"] >= OUTPUT_SIZE))[0]
        if len(bad):
            raise DataError(data["source"], f"row {bad[0] + 1} has label {data['labels'][bad[0]]}, outside the model's {OUTPUT_SIZE} classes 0..{OUTPUT_SIZE - 1}")
    elif "targets" not in data or data["targets"].shape[1] != OUTPUT_SIZE:
        raise DataError(data["source"], f"the model is a regressor with {OUTPUT_SIZE} outputs; the data set needs as many targets")
