"""Writes the safetensors fixtures of NNTests with the reference Python `safetensors` package.

Run from this folder:  python3 make_fixtures.py
Values follow closed formulas that the Swift tests recompute independently:
  tiny.safetensors     weight  F32 [2, 3]  = 0.5 * i - 1   (i = 0..5, row-major)
                       bias    F32 [3]     = 10 + i
                       scalar  F32 []      = 3.5
                       __metadata__        {"format": "pt", "source": "make_fixtures.py"}
  float64.safetensors  weight  F64 [2]     = [1, 2]   (an unsupported dtype for the loader)
"""
import numpy as np
from safetensors.numpy import save_file

save_file(
    {
        "weight": (0.5 * np.arange(6, dtype=np.float32) - 1).reshape(2, 3),
        "bias": 10 + np.arange(3, dtype=np.float32),
        "scalar": np.array(3.5, dtype=np.float32),
    },
    "tiny.safetensors",
    metadata={"format": "pt", "source": "make_fixtures.py"},
)
save_file({"weight": np.array([1.0, 2.0], dtype=np.float64)}, "float64.safetensors")
