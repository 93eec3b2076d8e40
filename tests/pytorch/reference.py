"""Reference values from PyTorch (float64) for every activation and loss of the
core, including kinks and extremes. Prints JSON on stdout; run by
tests/js/pytorch-reference.test.mjs with Debian's python3 and python3-torch."""
import json
import math

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

GRID = [i / 8 for i in range(-96, 97)]
KINKS = [0.0, -0.0, 1.0, -1.0, 3.0, -3.0, 6.0, 20.0, 10.0, 5.0, 0.5, -2.0]
EXTREMES = [1e4, -1e4, 1000.0, -1000.0, 710.0, -710.0, 1e-12, -1e-12, 40.0, -40.0, 1e6, -1e6]
XS = GRID + KINKS + EXTREMES

ACTIVATIONS = [
    ("step", [], lambda x: (x > 0).to(x.dtype) + 0 * x),
    ("linear", [], lambda x: x),
    ("sigmoid", [], torch.sigmoid),
    ("tanh", [], torch.tanh),
    ("relu", [], F.relu),
    ("leaky_relu", [], F.leaky_relu),
    ("leaky_relu", [0.2], lambda x: F.leaky_relu(x, 0.2)),
    ("prelu", [], lambda x: F.prelu(x, torch.tensor([0.25]))),
    ("prelu", [-0.1], lambda x: F.prelu(x, torch.tensor([-0.1]))),
    ("elu", [], F.elu),
    ("elu", [0.5], lambda x: F.elu(x, 0.5)),
    ("selu", [], F.selu),
    ("celu", [], F.celu),
    ("celu", [2.0], lambda x: F.celu(x, 2.0)),
    ("gelu", [], F.gelu),
    ("gelu_tanh", [], lambda x: F.gelu(x, approximate="tanh")),
    ("silu", [], F.silu),
    ("swish", [], lambda x: x * torch.sigmoid(x)),
    ("swish", [2.0], lambda x: x * torch.sigmoid(2.0 * x)),
    ("softplus", [], F.softplus),
    ("softplus", [2.0, 10.0], lambda x: F.softplus(x, 2.0, 10.0)),
    ("softsign", [], F.softsign),
    ("mish", [], F.mish),
    ("hardsigmoid", [], F.hardsigmoid),
    ("hardswish", [], F.hardswish),
    ("hardtanh", [], F.hardtanh),
    ("hardtanh", [-2.0, 0.5], lambda x: F.hardtanh(x, -2.0, 0.5)),
    ("relu6", [], F.relu6),
    ("logsigmoid", [], F.logsigmoid),
]


def activation_rows():
    rows = []
    for name, params, fn in ACTIVATIONS:
        ys, dys = [], []
        # One point at a time: PyTorch's CPU kernels take a scalar path for short
        # tensors and a SIMD path for long ones, and for hardswish at x = 3 the two
        # disagree (1.5 scalar, as in its CUDA kernel and its decomposition; 1.0
        # SIMD). The scalar path is the definition we follow.
        for value in XS:
            x = torch.tensor([value], requires_grad=True)
            y = fn(x)
            (grad,) = torch.autograd.grad(y.sum(), x, allow_unused=True)
            ys.append(y.item())
            dys.append(0.0 if grad is None else grad.item())
        rows.append({"id": name, "params": params, "x": XS, "y": ys, "dy": dys})
    return rows


def loss_case(name, params, pred, target, fn, each):
    """fn: the reduced loss; each: the loss of each example (reduction 'none', rows summed)."""
    p = torch.tensor(pred, requires_grad=True)
    t = torch.tensor(target)
    value = fn(p, t)
    (grad,) = torch.autograd.grad(value, p)
    return {"id": name, "params": params, "pred": pred, "target": target, "value": value.item(), "grad": grad.tolist(),
            "each": each(p.detach(), t).tolist()}


def loss_rows():
    pred = [0.3, -1.2, 2.5, 0.05, -0.4, 1.7, 1.0, -3.0, 0.7]
    target = [0.1, -1.0, 1.0, 0.7, -2.0, 1.65, 1.0, -2.0, -0.3]  # includes d = 0 and |d| = 1 (kinks)
    probs = [0.2, 0.9, 0.55, 0.05, 0.7, 0.35, 1e-9, 1 - 1e-9, 0.0]
    labels = [0.0, 1.0, 1.0, 0.3, 1.0, 0.0, 1.0, 0.0, 1.0]
    logits = [1.0, 2.0, -0.5, 1000.0, -1000.0, 3.0, -30.0, 30.0, 0.0]
    signs = [1.0, -1.0, 1.0, -1.0, -1.0, 1.0, 1.0, 1.0, -1.0]
    margin_pred = [0.3, -1.2, 2.5, 0.05, -0.4, 1.7, 1.0, -3.0, -1.0]  # includes y p = 1 exactly
    kl_logp = [math.log(v) for v in [0.2, 0.3, 0.5, 0.1, 0.1, 0.8, 0.25, 0.25, 0.5]]
    kl_t = [0.3, 0.3, 0.4, 0.0, 0.5, 0.5, 1.0, 0.0, 0.0]
    ce_logits = [1.0, 2.0, -0.5, 1000.0, -1000.0, 0.0, 0.3, 0.3, 3.0]
    ce_target = [2.0, 1.0, 0.0]
    return [
        loss_case("mse", [], pred, target, F.mse_loss, lambda p, t: F.mse_loss(p, t, reduction="none")),
        loss_case("mae", [], pred, target, F.l1_loss, lambda p, t: F.l1_loss(p, t, reduction="none")),
        loss_case("huber", [], pred, target, F.huber_loss, lambda p, t: F.huber_loss(p, t, reduction="none")),
        loss_case("huber", [0.5], pred, target, lambda p, t: F.huber_loss(p, t, delta=0.5),
                  lambda p, t: F.huber_loss(p, t, delta=0.5, reduction="none")),
        loss_case("smooth_l1", [], pred, target, F.smooth_l1_loss,
                  lambda p, t: F.smooth_l1_loss(p, t, reduction="none")),
        loss_case("smooth_l1", [2.0], pred, target, lambda p, t: F.smooth_l1_loss(p, t, beta=2.0),
                  lambda p, t: F.smooth_l1_loss(p, t, beta=2.0, reduction="none")),
        # PyTorch 2 computes smooth_l1 with beta = 0 as l1_loss (gradient 0 at d = 0);
        # 1.13 did not yet. We follow the current behaviour.
        loss_case("smooth_l1", [0.0], pred, target, F.l1_loss, lambda p, t: F.l1_loss(p, t, reduction="none")),
        loss_case("bce", [], probs, labels, F.binary_cross_entropy,
                  lambda p, t: F.binary_cross_entropy(p, t, reduction="none")),
        loss_case("bce_logits", [], logits, labels, F.binary_cross_entropy_with_logits,
                  lambda p, t: F.binary_cross_entropy_with_logits(p, t, reduction="none")),
        loss_case("cross_entropy", [], ce_logits, ce_target,
                  lambda p, t: F.cross_entropy(p.view(3, 3), t.long()),
                  lambda p, t: F.cross_entropy(p.view(3, 3), t.long(), reduction="none")),
        loss_case("hinge", [], margin_pred, signs, lambda p, t: torch.relu(1 - t * p).mean(),
                  lambda p, t: torch.relu(1 - t * p)),
        loss_case("log_cosh", [], pred, target, lambda p, t: torch.log(torch.cosh(p - t)).mean(),
                  lambda p, t: torch.log(torch.cosh(p - t))),
        loss_case("kl_div", [3.0], kl_logp, kl_t,
                  lambda p, t: F.kl_div(p.view(3, 3), t.view(3, 3), reduction="batchmean"),
                  lambda p, t: F.kl_div(p.view(3, 3), t.view(3, 3), reduction="none").sum(dim=1)),
        loss_case("kl_div", [], kl_logp, kl_t, lambda p, t: F.kl_div(p, t, reduction="batchmean"),
                  lambda p, t: F.kl_div(p, t, reduction="none")),
    ]


# The descent widget's surfaces, written afresh here, with autograd for the
# gradients and torch.optim for the updates. Start points as the core's.
SURFACES = {
    "bowl": (lambda x, y: 0.5 * (x * x + y * y), (-2.5, 2.0)),
    "ravine": (lambda x, y: 0.1 * x * x + 4 * y * y, (-4.5, 1.5)),
    "rosenbrock": (lambda x, y: 0.1 * ((1 - x) ** 2 + 10 * (y - x * x) ** 2), (-1.2, 1.0)),
    "saddle": (lambda x, y: 0.5 * x * x + 0.25 * y ** 4 - 0.5 * y * y, (-1.8, 0.01)),
}
OPTIMIZERS = {
    "sgd": lambda params, lr: torch.optim.SGD(params, lr=lr),
    "momentum": lambda params, lr: torch.optim.SGD(params, lr=lr, momentum=0.9),
    "adam": lambda params, lr: torch.optim.Adam(params, lr=lr),
}


def descent_rows(steps=150):
    rows = []
    for surface, (f, start) in SURFACES.items():
        for optimizer, make in OPTIMIZERS.items():
            for lr in [0.01, 0.05, 0.1]:
                theta = torch.tensor(start, requires_grad=True)
                opt = make([theta], lr)
                xs, ys, losses = [start[0]], [start[1]], [f(*torch.tensor(start)).item()]
                for _ in range(steps):
                    opt.zero_grad()
                    f(theta[0], theta[1]).backward()
                    opt.step()
                    with torch.no_grad():
                        xs.append(theta[0].item())
                        ys.append(theta[1].item())
                        losses.append(f(theta[0], theta[1]).item())
                rows.append({"surface": surface, "optimizer": optimizer, "lr": lr, "steps": steps,
                             "x": xs, "y": ys, "loss": losses})
    return rows


print(json.dumps({"torch": torch.__version__, "activations": activation_rows(), "losses": loss_rows(),
                  "descent": descent_rows()}, allow_nan=True))
