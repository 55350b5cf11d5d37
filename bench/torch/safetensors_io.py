"""Minimal safetensors reader (the format is a u64 header length, a JSON header, raw little-endian data),
so the bench needs nothing beyond Debian's python3-torch and python3-numpy."""
import json
import struct

import numpy as np
import torch

_DTYPES = {"F32": np.float32, "F64": np.float64, "I64": np.int64}


def load(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    base = 8 + n
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        b, end = e["data_offsets"]
        arr = np.frombuffer(raw, dtype=_DTYPES[e["dtype"]], count=(end - b) // np.dtype(_DTYPES[e["dtype"]]).itemsize, offset=base + b)
        out[name] = torch.from_numpy(arr.copy()).reshape(e["shape"])
    return out
