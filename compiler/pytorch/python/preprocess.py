# ---------------------------------------------------------------------------------------------------------
# Preprocessing, fitted on the training set only and applied to every set (nnc's runtime/data/preprocess.ts):
# statistics in float64, data kept in float32. The fitted steps go into checkpoint.safetensors' metadata
# ("preprocessing", nnc's JSON form), so `nnc eval` and `nnc predict` apply the same transform.
# Elementwise steps work on groups of features: global is one group, per_feature one per feature,
# per_channel one per channel of a [C, H, W] row.
# ---------------------------------------------------------------------------------------------------------


def group_count(over: str, shape: List[int], features: int) -> int:
    if over == "global":
        return 1
    if over == "per_channel" and len(shape) >= 2:
        return shape[0]
    return features


def fit_step(step: Dict[str, Any], x: np.ndarray, shape: List[int], source: str) -> Dict[str, Any]:
    kind = step["kind"]
    if kind == "scale":
        return {"kind": "scale", "factor": step["factor"]}
    if kind in ("mean_subtract", "standardize"):
        groups = group_count(step["over"], shape, x.shape[1])
        grouped = x.astype(np.float64).reshape(len(x), groups, -1)
        mean = grouped.mean(axis=(0, 2))
        if kind == "mean_subtract":
            return {"kind": "mean_subtract", "over": step["over"], "groups": groups, "mean": mean.tolist()}
        # std = sqrt(population variance + eps): eps keeps constant features (e.g. MNIST's border pixels) finite.
        variance = ((grouped - mean[None, :, None]) ** 2).mean(axis=(0, 2))
        std = np.sqrt(variance + step["eps"])
        return {"kind": "standardize", "over": step["over"], "eps": step["eps"], "groups": groups, "mean": mean.tolist(), "std": std.tolist()}
    # pca_whiten: x ← (x − mean)·U_k / sqrt(λ_k + eps), U_k the top-k eigenvectors of the population covariance.
    features = x.shape[1]
    k = features if step["components"] is None else step["components"]
    if not 1 <= k <= features:
        raise DataError(source, f"pca_whiten(components = {k}) needs an integer between 1 and the {features} input features")
    x64 = x.astype(np.float64)
    mean = x64.mean(axis=0)
    centred = x64 - mean
    values, vectors = np.linalg.eigh(centred.T @ centred / len(x))
    order = np.argsort(-values, kind="stable")[:k]
    basis = vectors[:, order].T
    # nnc's sign convention: each vector's largest-magnitude component is positive.
    signs = np.where(basis[np.arange(k), np.abs(basis).argmax(axis=1)] < 0, -1.0, 1.0)
    basis = basis * signs[:, None]
    return {
        "kind": "pca_whiten", "eps": step["eps"], "inFeatures": features, "components": k, "mean": mean.tolist(),
        "basis": basis.reshape(-1).tolist(), "eigenvalues": np.maximum(values[order], 0).tolist(),
    }


def apply_step(step: Dict[str, Any], x: np.ndarray) -> np.ndarray:
    kind = step["kind"]
    if kind == "pca_whiten":
        basis = np.array(step["basis"]).reshape(step["components"], step["inFeatures"])
        scale = 1 / np.sqrt(np.array(step["eigenvalues"]) + step["eps"])
        return (((x.astype(np.float64) - np.array(step["mean"])) @ basis.T) * scale).astype(np.float32)
    if kind == "scale":
        shift, mul = np.zeros(1), np.array([step["factor"]], dtype=np.float64)
    elif kind == "mean_subtract":
        shift, mul = np.array(step["mean"]), np.ones(step["groups"])
    else:
        shift, mul = np.array(step["mean"]), 1 / np.array(step["std"])
    grouped = x.astype(np.float64).reshape(len(x), len(shift), -1)
    return ((grouped - shift[None, :, None]) * mul[None, :, None]).astype(np.float32).reshape(x.shape)


def fit_preprocessing(train: Dict[str, Any]) -> Dict[str, Any]:
    x, shape, steps = train["x"], list(train["shape"]), []
    for plan in PREPROCESS:
        step = fit_step(plan, x, shape, train["source"])
        steps.append(step)
        x = apply_step(step, x)
        if step["kind"] == "pca_whiten":
            shape = [step["components"]]
    return {"version": 1, "inputShape": list(train["shape"]), "outputShape": shape, "steps": steps}


def apply_preprocessing(fitted: Dict[str, Any], data: Dict[str, Any]) -> Dict[str, Any]:
    x = data["x"]
    for step in fitted["steps"]:
        x = apply_step(step, x)
    return {**data, "x": x, "shape": fitted["outputShape"]}
