"""LightGBM side of tools/bench/train/train.bench.ts.

Reads the trainer's exported examples (row-major float32 <split>.f32, uint8 <split>.u8,
meta.json), fits LightGBM with the benchmark's parameters (passed as JSON, LightGBM names) on
one thread, and prints one JSON line: binning and training seconds, test ROC-AUC, peak RSS.
The ROC-AUC function is the ml benchmark's (the same definition as libs/ml rocAuc).
"""
import json
import resource
import sys
import time
from pathlib import Path

import lightgbm as lgb
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ml"))
from lightgbm_baseline import roc_auc  # noqa: E402


def read_split(data_dir: Path, split: str, num_features: int):
    features = np.fromfile(data_dir / f"{split}.f32", dtype=np.float32).reshape(-1, num_features)
    labels = np.fromfile(data_dir / f"{split}.u8", dtype=np.uint8).astype(np.float64)
    return features, labels


def main() -> None:
    data_dir = Path(sys.argv[1])
    params = json.loads(sys.argv[2])
    meta = json.loads((data_dir / "meta.json").read_text())
    num_features = len(meta["featureNames"])
    train_x, train_y = read_split(data_dir, "train", num_features)
    test_x, test_y = read_split(data_dir, "test", num_features)
    num_trees = params.pop("num_trees")

    start = time.perf_counter()
    train = lgb.Dataset(
        train_x,
        label=train_y,
        categorical_feature=meta["categorical"],
        params={"max_bin": params["max_bin"], "bin_construct_sample_cnt": params["bin_construct_sample_cnt"], "verbose": -1, "num_threads": 1},
        free_raw_data=False,
    ).construct()
    binning_seconds = time.perf_counter() - start

    start = time.perf_counter()
    cpu_start = time.process_time()

    def progress(env: lgb.callback.CallbackEnv) -> None:
        done = env.iteration + 1
        if done % 50 == 0:
            rate = done / (time.perf_counter() - start)
            print(f"[LightGBM] tree {done}/{num_trees}  {rate:.2f} trees/s  ETA {(num_trees - done) / rate:.0f} s", file=sys.stderr, flush=True)

    booster = lgb.train(params, train, num_boost_round=num_trees, callbacks=[progress])
    training_seconds = time.perf_counter() - start
    training_cpu_seconds = time.process_time() - cpu_start
    auc = roc_auc(test_y, booster.predict(test_x, num_threads=1))
    print(
        json.dumps(
            {
                "trainer": f"LightGBM {lgb.__version__} (Python)",
                "binningSeconds": binning_seconds,
                "trainingSeconds": training_seconds,
                "trainingCpuSeconds": training_cpu_seconds,
                "testAuc": auc,
                "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
            }
        )
    )


if __name__ == "__main__":
    main()
