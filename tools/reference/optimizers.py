#!/usr/bin/env python3
"""Golden trajectories for the Trellis optimizers: a numpy (float64) transcription of tf.keras 2's OptimizerV2
update rules (keras/optimizers/optimizer_v2/{adam,gradient_descent,rmsprop,adagrad,adamax,nadam}.py and the fused TensorFlow kernels
they call). Run: python3 tools/reference/optimizers.py > tests/Trellis.Tests/Optimizers/TestData/optimizer_trajectories.json

Problem: loss(w) = sum(0.5 * c * w**2 - d * w), so grad(w) = c * w - d, from w0; 20 steps.
"""
import json
import numpy as np

W0 = np.array([0.5, -1.5, 2.0, 0.1, -0.3])
C = np.array([1.0, 2.0, 0.5, 3.0, 1.5])
D = np.array([0.2, -0.1, 0.4, 0.0, 0.3])
STEPS = 20


def f32(x):
    """tf.keras 2 stores hyperparameters in float32 variables, so their values are float32-rounded."""
    return float(np.float32(x))


def grad(w):
    return C * w - D


def sgd(lr=0.01, momentum=0.0, nesterov=False, decay=0.0):
    lr, momentum, decay = f32(lr), f32(momentum), f32(decay)
    w, vel, out = W0.copy(), np.zeros_like(W0), []
    for it in range(STEPS):
        g = grad(w)
        lr_t = lr / (1 + decay * it)
        if momentum == 0:
            w = w - lr_t * g
        else:
            vel = momentum * vel - lr_t * g
            w = w + (momentum * vel - lr_t * g if nesterov else vel)
        out.append(w.tolist())
    return out


def adam(lr=0.001, b1=0.9, b2=0.999, eps=1e-7, amsgrad=False):
    lr, b1, b2 = f32(lr), f32(b1), f32(b2)
    w, m, v, vhat, out = W0.copy(), np.zeros_like(W0), np.zeros_like(W0), np.zeros_like(W0), []
    for it in range(STEPS):
        g = grad(w)
        t = it + 1
        lr_t = lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        if amsgrad:
            vhat = np.maximum(vhat, v)
            w = w - lr_t * m / (np.sqrt(vhat) + eps)
        else:
            w = w - lr_t * m / (np.sqrt(v) + eps)
        out.append(w.tolist())
    return out


def adamw(lr=0.001, wd=0.004, b1=0.9, b2=0.999, eps=1e-7):
    """Keras 3 AdamW: decoupled decay var -= var * wd * lr before the Adam step (gradient taken before the decay)."""
    lr, b1, b2 = f32(lr), f32(b1), f32(b2)
    w, m, v, out = W0.copy(), np.zeros_like(W0), np.zeros_like(W0), []
    for it in range(STEPS):
        g = grad(w)
        t = it + 1
        w = w - w * wd * lr
        lr_t = lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        w = w - lr_t * m / (np.sqrt(v) + eps)
        out.append(w.tolist())
    return out


def rmsprop(lr=0.001, rho=0.9, momentum=0.0, eps=1e-7, centered=False):
    lr, rho, momentum = f32(lr), f32(rho), f32(momentum)
    w, rms, mg, mom, out = W0.copy(), np.zeros_like(W0), np.zeros_like(W0), np.zeros_like(W0), []
    for _ in range(STEPS):
        g = grad(w)
        rms = rho * rms + (1 - rho) * g * g
        denom = rms
        if centered:
            mg = rho * mg + (1 - rho) * g
            denom = rms - mg * mg
        if momentum > 0:
            mom = momentum * mom + lr * g / np.sqrt(denom + eps)
            w = w - mom
        else:
            w = w - lr * g / (np.sqrt(denom) + eps)
        out.append(w.tolist())
    return out


def adagrad(lr=0.001, init=0.1, eps=1e-7):
    lr = f32(lr)
    w, acc, out = W0.copy(), np.full_like(W0, init), []
    for _ in range(STEPS):
        g = grad(w)
        acc = acc + g * g
        w = w - lr * g / (np.sqrt(acc) + eps)
        out.append(w.tolist())
    return out


def adamax(lr=0.001, b1=0.9, b2=0.999, eps=1e-7):
    lr, b1, b2 = f32(lr), f32(b1), f32(b2)
    w, m, v, out = W0.copy(), np.zeros_like(W0), np.zeros_like(W0), []
    for it in range(STEPS):
        g = grad(w)
        t = it + 1
        m = b1 * m + (1 - b1) * g
        v = np.maximum(b2 * v, np.abs(g))
        w = w - lr / (1 - b1 ** t) * m / (v + eps)
        out.append(w.tolist())
    return out


def nadam(lr=0.001, b1=0.9, b2=0.999, eps=1e-7):
    lr, b1, b2 = f32(lr), f32(b1), f32(b2)
    w, m, v, cache, out = W0.copy(), np.zeros_like(W0), np.zeros_like(W0), 1.0, []
    for it in range(STEPS):
        g = grad(w)
        t = it + 1
        mu_t = b1 * (1 - 0.5 * 0.96 ** (0.004 * t))
        mu_next = b1 * (1 - 0.5 * 0.96 ** (0.004 * (t + 1)))
        cache = f32(cache * mu_t)  # the momentum_cache variable is float32
        sched_new, sched_next = cache, cache * mu_next
        g_prime = g / (1 - sched_new)
        m = b1 * m + (1 - b1) * g
        m_prime = m / (1 - sched_next)
        v = b2 * v + (1 - b2) * g * g
        v_prime = v / (1 - b2 ** t)
        m_bar = (1 - mu_t) * g_prime + mu_next * m_prime
        w = w - lr * m_bar / (np.sqrt(v_prime) + eps)
        out.append(w.tolist())
    return out


cases = {
    "sgd": sgd(lr=0.1),
    "sgd_momentum": sgd(lr=0.05, momentum=0.9),
    "sgd_nesterov": sgd(lr=0.05, momentum=0.9, nesterov=True),
    "sgd_decay": sgd(lr=0.1, decay=0.1),
    "adam": adam(lr=0.1),
    "adam_amsgrad": adam(lr=0.1, amsgrad=True),
    "adam_betas": adam(lr=0.05, b1=0.8, b2=0.99, eps=1e-3),
    "adamw": adamw(lr=0.1, wd=0.05),
    "rmsprop": rmsprop(lr=0.01),
    "rmsprop_momentum": rmsprop(lr=0.01, momentum=0.5),
    "rmsprop_centered": rmsprop(lr=0.01, centered=True),
    "rmsprop_centered_momentum": rmsprop(lr=0.01, momentum=0.5, centered=True),
    "adagrad": adagrad(lr=0.1),
    "adamax": adamax(lr=0.1),
    "nadam": nadam(lr=0.05),
}
print(json.dumps({"w0": W0.tolist(), "c": C.tolist(), "d": D.tolist(), "cases": cases}))
