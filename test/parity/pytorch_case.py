"""
Runs one parity case through a generated PyTorch script: imports the script, calls its main() with the run's
flags (so training is exactly `python3 train.py ...`), then prints the final model's eval-mode outputs on the
training rows, in file order, as JSON. Usage: pytorch_case.py TRAIN_PY OUT_DIR STEP_LOG
"""
import importlib.util
import json
import sys

import torch

script, out, step_log = sys.argv[1:4]
spec = importlib.util.spec_from_file_location("generated_train", script)
train = importlib.util.module_from_spec(spec)
spec.loader.exec_module(train)
status = train.main(["--out", out, "--step-log", step_log])
if status != 0:
    sys.exit(status)
model = train.Model().to(dtype=train.DTYPE)
train.load_model_state(model, f"{out}/checkpoint.safetensors")
model.eval()
raw, _, _ = train.load_data()
x, _ = train.as_batch(train.apply_preprocessing(train.fit_preprocessing(raw), raw), torch.device("cpu"))
with torch.no_grad():
    print(json.dumps(model(x).double().tolist()))
