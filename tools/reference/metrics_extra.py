#!/usr/bin/env python3
"""Golden values for Trellis's AUC metric: a numpy (float64) transcription of Keras 3's AUC
(keras/src/metrics/confusion_metrics.py: AUC.__init__, update_state via metrics_utils.update_confusion_matrix_variables,
result, interpolate_pr_auc).

Confusion counts per threshold t: a prediction counts as positive when y_pred > t. Thresholds are
[-eps, 1/(n-1), 2/(n-1), ..., (n-2)/(n-1), 1 + eps] with eps = 1e-7 (or [-eps] + sorted(user thresholds) + [1 + eps]).
ROC and PR with summation 'minoring'/'majoring'/'interpolation' are Riemann sums over consecutive thresholds; PR with
'interpolation' is Davis & Goadrich's interpolation as Keras computes it.

Run: /usr/bin/python3 tools/reference/metrics_extra.py > tests/Trellis.Tests/Metrics/TestData/metrics_extra.json
"""
import json
import numpy as np

EPS = 1e-7


def thresholds_for(num_thresholds=200, thresholds=None):
    if thresholds is not None:
        inner = sorted(thresholds)
    else:
        inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
    return np.array([0.0 - EPS] + inner + [1.0 + EPS])


def confusion(y_true, y_pred, th, sample_weight=None):
    w = np.ones(y_pred.size) if sample_weight is None else np.broadcast_to(sample_weight, y_pred.shape).reshape(-1)
    y_true = y_true.reshape(-1).astype(bool)
    y_pred = y_pred.reshape(-1)
    pos = y_pred[None, :] > th[:, None]  # (T, N)
    tp = (pos & y_true[None, :]) @ w
    fp = (pos & ~y_true[None, :]) @ w
    tn = (~pos & ~y_true[None, :]) @ w
    fn = (~pos & y_true[None, :]) @ w
    return np.stack([tp, fp, tn, fn])


def div_no_nan(a, b):
    a, b = np.broadcast_arrays(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64))
    out = np.zeros_like(a)
    nz = b != 0
    out[nz] = a[nz] / b[nz]
    return out


def interpolate_pr_auc(tp, fp, fn):
    n = len(tp)
    dtp = tp[: n - 1] - tp[1:]
    p = tp + fp
    dp = p[: n - 1] - p[1:]
    prec_slope = div_no_nan(dtp, np.maximum(dp, 0))
    intercept = tp[1:] - prec_slope * p[1:]
    both = (p[: n - 1] > 0) & (p[1:] > 0)
    safe_p_ratio = np.where(both, div_no_nan(p[: n - 1], np.maximum(p[1:], 0)), np.ones_like(p[1:]))
    with np.errstate(divide="ignore"):
        log_ratio = np.log(safe_p_ratio)
    inc = div_no_nan(prec_slope * (dtp + intercept * log_ratio), np.maximum(tp[1:] + fn[1:], 0))
    return float(inc.sum())


def auc(counts, curve="ROC", summation="interpolation"):
    tp, fp, tn, fn = counts
    n = len(tp)
    if curve == "PR" and summation == "interpolation":
        return interpolate_pr_auc(tp, fp, fn)
    recall = div_no_nan(tp, tp + fn)
    if curve == "ROC":
        x, y = div_no_nan(fp, fp + tn), recall
    else:
        x, y = recall, div_no_nan(tp, tp + fp)
    if summation == "interpolation":
        heights = (y[: n - 1] + y[1:]) / 2.0
    elif summation == "minoring":
        heights = np.minimum(y[: n - 1], y[1:])
    else:
        heights = np.maximum(y[: n - 1], y[1:])
    return float(((x[: n - 1] - x[1:]) * heights).sum())


rng = np.random.default_rng(4321)
# Two batches of 40 and 24 scores; labels correlated with the scores so the AUC is neither 0.5 nor 1.
y1 = rng.integers(0, 2, size=(40, 1)).astype(np.float64)
p1 = np.clip(0.35 * y1 + rng.uniform(0, 0.65, size=(40, 1)), 0, 1)
y2 = rng.integers(0, 2, size=(8, 3)).astype(np.float64)
logits2 = rng.normal(size=(8, 3)) + 1.2 * (y2 - 0.5)
p2 = 1 / (1 + np.exp(-logits2))
w1 = rng.uniform(0.2, 2.0, size=(40, 1))

values = {}
inputs = {"y1": y1.reshape(-1).tolist(), "p1": p1.reshape(-1).tolist(), "y2": y2.tolist(), "p2": p2.tolist(),
          "logits2": logits2.tolist(), "w1": w1.reshape(-1).tolist()}

th200 = thresholds_for(200)
both = confusion(y1, p1, th200) + confusion(y2, p2, th200)
for curve in ("ROC", "PR"):
    for summation in ("interpolation", "minoring", "majoring"):
        values[f"{curve}_{summation}"] = auc(both, curve, summation)
values["ROC_batch1"] = auc(confusion(y1, p1, th200), "ROC")
values["PR_batch1"] = auc(confusion(y1, p1, th200), "PR")
weighted = confusion(y1, p1, th200, w1)
values["ROC_weighted"] = auc(weighted, "ROC")
values["PR_weighted"] = auc(weighted, "PR")
th7 = thresholds_for(7)
values["ROC_7"] = auc(confusion(y1, p1, th7), "ROC")
values["PR_7"] = auc(confusion(y1, p1, th7), "PR")
custom = thresholds_for(thresholds=[0.7, 0.2, 0.5])
values["ROC_custom"] = auc(confusion(y1, p1, custom), "ROC")
values["PR_custom"] = auc(confusion(y1, p1, custom), "PR")
values["tp_200_batch1"] = confusion(y1, p1, th200)[0].tolist()
values["fp_200_batch1"] = confusion(y1, p1, th200)[1].tolist()

print(json.dumps({"source": "tools/reference/metrics_extra.py (numpy transcription of Keras 3 AUC)",
                  "inputs": inputs, "values": values}, indent=1))
