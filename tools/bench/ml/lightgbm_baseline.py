"""LightGBM baseline for tools/bench/ml/ml.bench.ts.

Reads the benchmark's data (written by ml.bench.ts: row-major float32 features, uint8 labels,
meta.json), trains LightGBM with the same parameters on one thread, and prints one JSON line:
binning (Dataset construction) and training seconds, held-out ROC-AUC and peak RSS.
Run by the benchmark inside ~/.cache/platform-bench/venv (pip install lightgbm numpy).
"""
import json
import resource
import sys
import time
from pathlib import Path

import lightgbm as lgb
import numpy as np


def roc_auc(labels: np.ndarray, scores: np.ndarray) -> float:
    """Rank-based AUC with average ranks for ties (the same definition as libs/ml rocAuc)."""
    order = np.argsort(scores, kind="mergesort")
    sorted_scores = scores[order]
    ranks = np.empty(len(scores), dtype=np.float64)
    n = len(scores)
    # Average rank per tie group, vectorised over group boundaries.
    boundaries = np.flatnonzero(np.diff(sorted_scores)) + 1
    starts = np.concatenate(([0], boundaries))
    ends = np.concatenate((boundaries, [n]))
    average = (starts + ends + 1) / 2.0
    ranks[order] = np.repeat(average, ends - starts)
    positives = labels.sum()
    negatives = n - positives
    return float((ranks[labels == 1].sum() - positives * (positives + 1) / 2.0) / (positives * negatives))


def main() -> None:
    data_dir = Path(sys.argv[1])
    meta = json.loads((data_dir / "meta.json").read_text())
    num_rows, num_train, num_features = meta["numRows"], meta["numTrain"], meta["numFeatures"]
    features = np.fromfile(data_dir / "features.f32", dtype=np.float32).reshape(num_rows, num_features)
    labels = np.fromfile(data_dir / "labels.u8", dtype=np.uint8).astype(np.float64)
    params = meta["lightgbm"]

    start = time.perf_counter()
    train = lgb.Dataset(
        features[:num_train],
        label=labels[:num_train],
        categorical_feature=meta["categorical"],
        params={"max_bin": params["max_bin"], "verbose": -1, "num_threads": 1},
        free_raw_data=False,
    ).construct()
    binning_seconds = time.perf_counter() - start

    start = time.perf_counter()
    cpu_start = time.process_time()
    num_trees = meta["numTrees"]

    def progress(env: lgb.callback.CallbackEnv) -> None:
        done = env.iteration + 1
        if done % 20 == 0:
            seconds = time.perf_counter() - start
            rate = done / seconds
            eta = (num_trees - done) / rate
            print(f"[LightGBM] tree {done}/{num_trees}  {rate:.2f} trees/s  ETA {eta:.0f} s", file=sys.stderr, flush=True)

    booster = lgb.train(params, train, num_boost_round=num_trees, callbacks=[progress])
    training_seconds = time.perf_counter() - start
    training_cpu_seconds = time.process_time() - cpu_start

    probabilities = booster.predict(features[num_train:], num_threads=1)
    auc = roc_auc(labels[num_train:], probabilities)
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(
        json.dumps(
            {
                "trainer": f"LightGBM {lgb.__version__} (Python)",
                "binningSeconds": binning_seconds,
                "trainingSeconds": training_seconds,
                "trainingCpuSeconds": training_cpu_seconds,
                "auc": auc,
                "peakRssMb": peak_rss_mb,
            }
        )
    )


if __name__ == "__main__":
    main()
