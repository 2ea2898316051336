#!/usr/bin/env python3
"""Writes the scikit-image reference fixtures for PreprocessingTests (run once, commit output).

Usage: python3 Tests/PreprocessingTests/make_fixtures.py
Output: Tests/PreprocessingTests/Fixtures/<name>.bin (raw little-endian float32, C order) and
Fixtures/fixtures.json (shape of every array, parameters and scalar results, library versions).
numpy 2.4, scikit-image 0.26; every input is seeded.
"""
import json
import os

import numpy as np
import skimage
from skimage import filters, measure, morphology, restoration, transform
from skimage.metrics import structural_similarity

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "Fixtures")
os.makedirs(OUT, exist_ok=True)
meta = {"versions": {"numpy": np.__version__, "skimage": skimage.__version__}, "arrays": {}, "values": {}}


def save(name, array):
    array = np.ascontiguousarray(array, dtype="<f4")
    array.tofile(os.path.join(OUT, name + ".bin"))
    meta["arrays"][name] = list(array.shape)


rng = np.random.default_rng(20241125)

# A smooth field with edges plus noise, 32 x 40, values about [0, 1].
yy, xx = np.mgrid[0:32, 0:40]
smooth = 0.5 + 0.3 * np.sin(xx / 5.0) * np.cos(yy / 7.0)
disc = ((yy - 14) ** 2 + (xx - 22) ** 2 < 60).astype(float)
image = (0.6 * smooth + 0.4 * disc + 0.08 * rng.standard_normal(smooth.shape)).astype(np.float32)
save("image", image)

# Resampling.
save("downscale4", transform.downscale_local_mean(image, (4, 4)))
save("downscale2", transform.downscale_local_mean(image, (2, 2)))
save("bilinear_48x60", transform.resize(image, (48, 60), order=1, mode="edge", anti_aliasing=False))

# Filters (scikit-image defaults: mode "nearest", truncate 4).
save("gaussian_1_5", filters.gaussian(image, sigma=1.5, mode="nearest", truncate=4.0, preserve_range=True))
save("median_r2", filters.median(image, footprint=np.ones((5, 5), bool)))

# Denoising.
nlm = dict(patch_size=5, patch_distance=6, h=0.08, sigma=0.05)
meta["values"]["nlm"] = nlm
save("nlm", restoration.denoise_nl_means(image, fast_mode=True, **nlm))
tv = dict(weight=0.1, eps=2e-4, max_num_iter=200)
meta["values"]["tv"] = tv
save("tv", restoration.denoise_tv_chambolle(image, **tv))

# Thresholds.
meta["values"]["otsu"] = float(filters.threshold_otsu(image))
trimodal = np.concatenate([
    rng.normal(0.2, 0.04, 700), rng.normal(0.5, 0.05, 500), rng.normal(0.85, 0.03, 400)
]).astype(np.float32).reshape(40, 40)
save("trimodal", trimodal)
meta["values"]["multiotsu3"] = [float(t) for t in filters.threshold_multiotsu(trimodal, classes=3)]

# Region properties on a binary picture: a star-like blob, a ring segment, a square.
shapes = np.zeros((48, 48), bool)
r, c = np.mgrid[0:48, 0:48]
theta = np.arctan2(r - 20, c - 18)
rho = np.hypot(r - 20, c - 18)
shapes |= rho < 6 + 4 * np.cos(3 * theta) ** 2
shapes |= (np.abs(rho - 12) < 1.5) & (theta > 0.5) & (theta < 2.0)
shapes[38:45, 36:44] = True
save("shapes", shapes.astype(np.float32))
labels = measure.label(shapes, connectivity=2)
props = sorted(measure.regionprops(labels), key=lambda p: -p.area)
regions = []
for p in props:
    image_region = np.zeros_like(shapes)
    image_region[labels == p.label] = True
    hull = morphology.convex_hull_image(image_region)
    regions.append({
        "area": int(p.area), "solidity": float(p.solidity), "feret_diameter_max": float(p.feret_diameter_max),
        "perimeter": float(measure.perimeter(image_region)), "convex_perimeter": float(measure.perimeter(hull)),
        "convex_area": int(hull.sum()),
    })
meta["values"]["regions"] = regions
meta["values"]["label_count_8"] = int(labels.max())
meta["values"]["label_count_4"] = int(measure.label(shapes, connectivity=1).max())

# SSIM with the paper's recipe.
other = np.clip(image + 0.1 * rng.standard_normal(image.shape), 0, 1).astype(np.float32)
save("ssim_other", other)
meta["values"]["ssim"] = float(structural_similarity(
    np.clip(image, 0, 1).astype(np.float64), other.astype(np.float64), gaussian_weights=True, sigma=1.5,
    use_sample_covariance=False, data_range=1.0))
save("ssim_image", np.clip(image, 0, 1))

with open(os.path.join(OUT, "fixtures.json"), "w") as f:
    json.dump(meta, f, indent=1, sort_keys=True)
print(json.dumps(meta["values"], indent=1))
