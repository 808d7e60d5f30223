#!/usr/bin/env python3
"""Golden values for the Trellis losses and accuracy metrics: a numpy (float64) transcription of Keras 3's formulas
(keras/src/losses/losses.py, keras/src/backend/tensorflow/nn.py, keras/src/metrics/accuracy_metrics.py).
Run: python3 tools/reference/losses.py > tests/Trellis.Tests/Losses/TestData/loss_values.json
"""
import json
import numpy as np

EPS = 1e-7
rng = np.random.default_rng(1234)
logits = rng.normal(size=(6, 4))
probs = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
labels = rng.integers(0, 4, size=6)
onehot = np.eye(4)[labels]
soft = rng.uniform(size=(6, 4))
soft = soft / soft.sum(-1, keepdims=True)
bin_true = rng.integers(0, 2, size=(6, 3)).astype(np.float64)
bin_logits = rng.normal(size=(6, 3)) * 2
bin_prob = 1 / (1 + np.exp(-bin_logits))
reg_true = rng.normal(size=(6, 3))
reg_pred = rng.normal(size=(6, 3))
weights = rng.uniform(0.5, 1.5, size=6)
pos_true = rng.uniform(0.1, 3.0, size=(6, 3))
pos_pred = rng.uniform(0.1, 3.0, size=(6, 3))
sign_true = rng.choice([-1.0, 1.0], size=(6, 3))


def log_softmax(x):
    m = x.max(-1, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(-1, keepdims=True))


def cce(y, p, from_logits=False, smoothing=0.0):
    if smoothing:
        y = y * (1 - smoothing) + smoothing / y.shape[-1]
    if from_logits:
        return -(y * log_softmax(p)).sum(-1)
    p = p / p.sum(-1, keepdims=True)
    return -(y * np.log(np.clip(p, EPS, 1 - EPS))).sum(-1)


def bce(y, p, from_logits=False):
    if from_logits:
        return (np.maximum(p, 0) - p * y + np.log1p(np.exp(-np.abs(p)))).mean(-1)
    p = np.clip(p, EPS, 1 - EPS)
    return -(y * np.log(p) + (1 - y) * np.log(1 - p)).mean(-1)


def huber(y, p, delta):
    err = np.abs(p - y)
    q = np.minimum(err, delta)
    return (0.5 * q ** 2 + delta * (err - q)).mean(-1)


def l2n(x):
    return x / np.sqrt(np.maximum((x ** 2).sum(-1, keepdims=True), 1e-12))


def reduce(v, w=None):
    if w is not None:
        v = v * w
    return float(v.sum() / v.size)


out = {
    "inputs": {
        "logits": logits.tolist(), "probs": probs.tolist(), "labels": labels.tolist(), "onehot": onehot.tolist(),
        "soft": soft.tolist(), "bin_true": bin_true.tolist(), "bin_logits": bin_logits.tolist(),
        "bin_prob": bin_prob.tolist(), "reg_true": reg_true.tolist(), "reg_pred": reg_pred.tolist(),
        "weights": weights.tolist(), "pos_true": pos_true.tolist(), "pos_pred": pos_pred.tolist(),
        "sign_true": sign_true.tolist(),
    },
    "values": {
        "cce_probs": reduce(cce(onehot, probs)),
        "cce_logits": reduce(cce(onehot, logits, from_logits=True)),
        "cce_soft_targets": reduce(cce(soft, probs)),
        "cce_smoothing": reduce(cce(onehot, probs, smoothing=0.1)),
        "cce_weighted": reduce(cce(onehot, probs), weights),
        "scce_probs": reduce(cce(onehot, probs)),
        "scce_logits": reduce(cce(onehot, logits, from_logits=True)),
        "bce_probs": reduce(bce(bin_true, bin_prob)),
        "bce_logits": reduce(bce(bin_true, bin_logits, from_logits=True)),
        "mse": reduce(((reg_pred - reg_true) ** 2).mean(-1)),
        "mae": reduce(np.abs(reg_pred - reg_true).mean(-1)),
        "mse_sum": float(((reg_pred - reg_true) ** 2).mean(-1).sum()),
        "mape": reduce(100 * np.abs((reg_true - reg_pred) / np.maximum(np.abs(reg_true), EPS)).mean(-1)),
        "msle": reduce(((np.log1p(np.maximum(pos_pred, EPS)) - np.log1p(np.maximum(pos_true, EPS))) ** 2).mean(-1)),
        "huber": reduce(huber(reg_true, reg_pred, 1.0)),
        "huber_delta_half": reduce(huber(reg_true, reg_pred, 0.5)),
        "log_cosh": reduce(np.log(np.cosh(reg_pred - reg_true)).mean(-1)),
        "kld": reduce((np.clip(soft, EPS, 1) * np.log(np.clip(soft, EPS, 1) / np.clip(probs, EPS, 1))).sum(-1)),
        "poisson": reduce((pos_pred - pos_true * np.log(pos_pred + EPS)).mean(-1)),
        "hinge_signs": reduce(np.maximum(1 - sign_true * reg_pred, 0).mean(-1)),
        "hinge_binary": reduce(np.maximum(1 - (2 * bin_true - 1) * reg_pred, 0).mean(-1)),
        "squared_hinge": reduce((np.maximum(1 - sign_true * reg_pred, 0) ** 2).mean(-1)),
        "cosine_similarity": reduce(-(l2n(reg_true) * l2n(reg_pred)).sum(-1)),
        "categorical_accuracy": float((probs.argmax(-1) == onehot.argmax(-1)).mean()),
        "sparse_categorical_accuracy": float((probs.argmax(-1) == labels).mean()),
        "binary_accuracy": float(((bin_prob > 0.5) == bin_true).mean()),
        "mse_metric": float(((reg_pred - reg_true) ** 2).mean()),
        "mae_metric": float(np.abs(reg_pred - reg_true).mean()),
        "rmse_metric": float(np.sqrt(((reg_pred - reg_true) ** 2).mean())),
        "top2_accuracy": float(np.mean([(probs[i] > probs[i, labels[i]]).sum() < 2 for i in range(6)])),
        "precision": float(((bin_prob > 0.5) & (bin_true == 1)).sum() / (bin_prob > 0.5).sum()),
        "recall": float(((bin_prob > 0.5) & (bin_true == 1)).sum() / (bin_true == 1).sum()),
    },
}
print(json.dumps(out))
