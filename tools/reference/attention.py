#!/usr/bin/python3
"""Golden values for Trellis's MultiHeadAttention: PyTorch's nn.MultiheadAttention (float64) forward and backward,
with the weights drawn in Keras layout and converted.

Layout conversion (Keras -> PyTorch), with E = query dim = heads * key_dim (PyTorch's requirement):
  * query/kernel (E, H, K) reshaped to (E, H*K) and transposed is q_proj_weight (H*K, E); the same for key/kernel
    (kdim, H, K) -> k_proj_weight (E, kdim) and value/kernel (vdim, H, K) -> v_proj_weight (E, vdim).
  * query/bias, key/bias, value/bias (H, K) flattened and concatenated are in_proj_bias (3E).
  * attention_output/kernel (H, K, E) reshaped to (H*K, E) and transposed is out_proj.weight; its bias is out_proj.bias.
  * Masks: Keras's true means "may attend", PyTorch's attn_mask true means "masked", so attn_mask = ~keras_mask,
    repeated per head to (B*H, Tq, Tv). Both scale queries by 1/sqrt(K) and add no dropout here.
Gradients of sum(output * r) come back in Keras layout by the inverse reshapes.
Run: /usr/bin/python3 tools/reference/attention.py > tests/Trellis.Tests/Layers/Attention/TestData/attention_golden.json
"""
import json
import numpy as np
import torch

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(77)
B, TQ, TV, H, K, KDIM, VDIM = 2, 3, 4, 2, 3, 5, 4
E = H * K


def arr(a):
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "data": [float(v) for v in a.reshape(-1)]}


def run(mask_kind):
    query = rng.normal(size=(B, TQ, E))
    value = rng.normal(size=(B, TV, VDIM))
    key = rng.normal(size=(B, TV, KDIM))
    w = {
        "query_kernel": rng.normal(size=(E, H, K)) * 0.4, "query_bias": rng.normal(size=(H, K)) * 0.1,
        "key_kernel": rng.normal(size=(KDIM, H, K)) * 0.4, "key_bias": rng.normal(size=(H, K)) * 0.1,
        "value_kernel": rng.normal(size=(VDIM, H, K)) * 0.4, "value_bias": rng.normal(size=(H, K)) * 0.1,
        "output_kernel": rng.normal(size=(H, K, E)) * 0.4, "output_bias": rng.normal(size=(E,)) * 0.1,
    }
    r = rng.uniform(0.5, 1.5, size=(B, TQ, E))
    if mask_kind == "causal":
        keras_mask = np.broadcast_to(np.tril(np.ones((TQ, TV), dtype=bool)), (B, TQ, TV)).copy()
    elif mask_kind == "attention":
        keras_mask = rng.uniform(size=(B, TQ, TV)) > 0.4
        keras_mask[:, :, 0] = True  # every query sees at least one key
    else:
        keras_mask = None

    mha = torch.nn.MultiheadAttention(E, H, bias=True, batch_first=True, kdim=KDIM, vdim=VDIM)
    with torch.no_grad():
        mha.q_proj_weight.copy_(torch.tensor(w["query_kernel"].reshape(E, E).T))
        mha.k_proj_weight.copy_(torch.tensor(w["key_kernel"].reshape(KDIM, E).T))
        mha.v_proj_weight.copy_(torch.tensor(w["value_kernel"].reshape(VDIM, E).T))
        mha.in_proj_bias.copy_(torch.tensor(np.concatenate([w["query_bias"].ravel(), w["key_bias"].ravel(), w["value_bias"].ravel()])))
        mha.out_proj.weight.copy_(torch.tensor(w["output_kernel"].reshape(E, E).T))
        mha.out_proj.bias.copy_(torch.tensor(w["output_bias"]))
    q, k, v = (torch.tensor(a, requires_grad=True) for a in (query, key, value))
    attn_mask = None
    if keras_mask is not None:
        attn_mask = torch.tensor(~np.repeat(keras_mask, H, axis=0))
    out, scores = mha(q, k, v, attn_mask=attn_mask, need_weights=True, average_attn_weights=False)
    (out * torch.tensor(r)).sum().backward()

    gb = mha.in_proj_bias.grad.numpy()
    case = {"query": arr(query), "value": arr(value), "key": arr(key), "r": arr(r),
            "output": arr(out.detach().numpy()), "scores": arr(scores.detach().numpy()),
            "d_query": arr(q.grad.numpy()), "d_value": arr(v.grad.numpy()), "d_key": arr(k.grad.numpy()),
            "d_query_kernel": arr(mha.q_proj_weight.grad.numpy().T.reshape(E, H, K)),
            "d_query_bias": arr(gb[:E].reshape(H, K)),
            "d_key_kernel": arr(mha.k_proj_weight.grad.numpy().T.reshape(KDIM, H, K)),
            "d_key_bias": arr(gb[E:2 * E].reshape(H, K)),
            "d_value_kernel": arr(mha.v_proj_weight.grad.numpy().T.reshape(VDIM, H, K)),
            "d_value_bias": arr(gb[2 * E:].reshape(H, K)),
            "d_output_kernel": arr(mha.out_proj.weight.grad.numpy().T.reshape(H, K, E)),
            "d_output_bias": arr(mha.out_proj.bias.grad.numpy())}
    for name, value_ in w.items():
        case[name] = arr(value_)
    if keras_mask is not None:
        case["mask"] = arr(keras_mask.astype(np.float64))
    return case


cases = {"mha": run(None), "mha_causal": run("causal"), "mha_attention_mask": run("attention")}
print(json.dumps({"torch": torch.__version__, "num_heads": H, "key_dim": K, "cases": cases}))
