// Export of a playground setup, DOM-free:
//  - the trained weights as JSON (the trainer's own "actlab-weights" format,
//    wrapped with the playground state that produced them);
//  - an equivalent PyTorch script: nn.Sequential with the same layers and
//    activations, the same output/loss pair, optimizer and hyper-parameters,
//    the same initializer and L1/L2 penalties, and a training step;
//  - a NumPy forward pass that reads the weights JSON.
// The playground imports this module only when the reader opens 分享与导出 (or a
// test asks for exports()); reading weights for the network view is in weights.ts.
import type { TrainerConfigJson } from './playground';
import { parseWeights } from './weights';

// ---- weights JSON ----------------------------------------------------------------------

export { parseWeights, type WeightsJson, type WeightsLayer } from './weights';

/** The file the 下载权重 button saves: the trainer's weights plus the state that reproduces the setup. */
export function weightsFile(weightsJson: string, state: Record<string, string>, dataset: string): string {
  const weights = parseWeights(weightsJson);
  return JSON.stringify({ ...weights, actlab: { widget: 'playground', dataset, state } }, null, 1);
}

// ---- PyTorch ----------------------------------------------------------------------------

function py(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`无法导出非有限数 ${value}`);
  if (Number.isInteger(value)) return `${value}`;
  return String(Number(value.toPrecision(8)));
}

/** The nn module for a hidden activation with its parameters (custom classes for step and swish). */
export function torchActivation(id: string, params: readonly number[]): string {
  const p = (k: number, fallback: number) => py(params[k] ?? fallback);
  switch (id) {
    case 'step':
      return 'Step()';
    case 'linear':
      return 'nn.Identity()';
    case 'sigmoid':
      return 'nn.Sigmoid()';
    case 'tanh':
      return 'nn.Tanh()';
    case 'relu':
      return 'nn.ReLU()';
    case 'leaky_relu':
      return `nn.LeakyReLU(negative_slope=${p(0, 0.01)})`;
    case 'prelu':
      return `nn.PReLU(num_parameters=1, init=${p(0, 0.25)})`;
    case 'elu':
      return `nn.ELU(alpha=${p(0, 1)})`;
    case 'selu':
      return 'nn.SELU()';
    case 'celu':
      return `nn.CELU(alpha=${p(0, 1)})`;
    case 'gelu':
      return 'nn.GELU()';
    case 'gelu_tanh':
      return "nn.GELU(approximate='tanh')";
    case 'silu':
      return 'nn.SiLU()';
    case 'swish':
      return `Swish(beta=${p(0, 1)})`;
    case 'softplus':
      return `nn.Softplus(beta=${p(0, 1)}, threshold=${p(1, 20)})`;
    case 'softsign':
      return 'nn.Softsign()';
    case 'mish':
      return 'nn.Mish()';
    case 'hardsigmoid':
      return 'nn.Hardsigmoid()';
    case 'hardswish':
      return 'nn.Hardswish()';
    case 'hardtanh':
      return `nn.Hardtanh(min_val=${p(0, -1)}, max_val=${p(1, 1)})`;
    case 'relu6':
      return 'nn.ReLU6()';
    case 'logsigmoid':
      return 'nn.LogSigmoid()';
    default:
      throw new Error(`没有与 ${id} 对应的 PyTorch 模块`);
  }
}

const INIT_CALL: Record<string, string> = {
  xavier_uniform: 'nn.init.xavier_uniform_(module.weight)',
  xavier_normal: 'nn.init.xavier_normal_(module.weight)',
  he_uniform: "nn.init.kaiming_uniform_(module.weight, nonlinearity='relu')",
  he_normal: "nn.init.kaiming_normal_(module.weight, nonlinearity='relu')",
  lecun_normal: 'nn.init.normal_(module.weight, std=module.in_features ** -0.5)',
  zeros: 'nn.init.zeros_(module.weight)',
};

function lossLines(config: TrainerConfigJson): { lines: string[]; note: string } {
  const out = config.output.activation;
  const id = config.loss.id;
  if (out === 'softmax')
    return { lines: ['loss_fn = nn.CrossEntropyLoss()  # softmax 与交叉熵融合，标签是类别下标'], note: 'logits' };
  if (out === 'sigmoid' && id === 'bce')
    return { lines: ['loss_fn = nn.BCEWithLogitsLoss()  # sigmoid 与 BCE 融合的稳定写法，标签是 0/1'], note: 'logit' };
  if (id === 'hinge')
    return {
      lines: [
        'def loss_fn(pred, target):  # hinge：标签先从 0/1 映射到 -1/+1',
        '    return torch.relu(1 - target * pred).mean()',
      ],
      note: 'score',
    };
  if (id === 'mse')
    return {
      lines: ['loss_fn = nn.MSELoss()' + (out === 'tanh' ? '  # tanh 输出，标签先从 0/1 映射到 -1/+1' : '')],
      note: 'value',
    };
  if (id === 'mae') return { lines: ['loss_fn = nn.L1Loss()'], note: 'value' };
  if (id === 'huber') return { lines: ['loss_fn = nn.HuberLoss(delta=1.0)'], note: 'value' };
  if (id === 'smooth_l1') return { lines: ['loss_fn = nn.SmoothL1Loss(beta=1.0)'], note: 'value' };
  if (id === 'log_cosh')
    return {
      lines: ['def loss_fn(pred, target):', '    return torch.log(torch.cosh(pred - target)).mean()'],
      note: 'value',
    };
  throw new Error(`无法导出损失 ${id}`);
}

function optimizerLine(config: TrainerConfigJson): string {
  const o = config.optimizer;
  const lr = py(o.lr);
  switch (o.id) {
    case 'sgd':
      return `optimizer = torch.optim.SGD(model.parameters(), lr=${lr})`;
    case 'momentum':
      return `optimizer = torch.optim.SGD(model.parameters(), lr=${lr}, momentum=${py(o.momentum)})`;
    case 'nesterov':
      return `optimizer = torch.optim.SGD(model.parameters(), lr=${lr}, momentum=${py(o.momentum)}, nesterov=True)`;
    case 'rmsprop':
      return `optimizer = torch.optim.RMSprop(model.parameters(), lr=${lr}, alpha=0.99, eps=1e-08)`;
    case 'adam':
      return `optimizer = torch.optim.Adam(model.parameters(), lr=${lr}, betas=(${py(o.beta1)}, ${py(o.beta2)}), eps=1e-08)`;
    case 'adamw':
      return `optimizer = torch.optim.AdamW(model.parameters(), lr=${lr}, betas=(${py(o.beta1)}, ${py(o.beta2)}), eps=1e-08, weight_decay=${py(o.weightDecay ?? 0.01)})`;
    default:
      throw new Error(`无法导出优化器 ${o.id}`);
  }
}

/**
 * A runnable PyTorch script equivalent to the setup: `model` (nn.Sequential),
 * `loss_fn`, `optimizer`, `train_step(xb, yb)`, and `load_actlab_weights(path)`.
 */
export function pytorchSnippet(config: TrainerConfigJson, nFeatures: number, datasetLabel: string): string {
  const lines: string[] = [];
  const usesStep = config.layers.some((l) => l.activation === 'step');
  const usesSwish = config.layers.some((l) => l.activation === 'swish');
  lines.push(
    '# ActLab 训练游乐场导出的等价 PyTorch 设置',
    `# 数据集：${datasetLabel}；输入特征 ${nFeatures} 个${config.standardize ? '（每个特征按训练集做了标准化）' : ''}`,
    `# 批大小 batch_size = ${config.batchSize}；随机种子 ${config.seed}（PyTorch 的随机数与 ActLab 不同，初始权重不会逐位相同）`,
    'import json',
    'import torch',
    'from torch import nn',
    '',
    `torch.manual_seed(${config.seed})`,
    '',
  );
  if (usesStep) {
    lines.push(
      'class Step(nn.Module):',
      '    """阶跃函数：x > 0 时为 1，否则为 0（梯度处处为 0）。"""',
      '    def forward(self, x):',
      '        return (x > 0).to(x.dtype)',
      '',
    );
  }
  if (usesSwish) {
    lines.push(
      'class Swish(nn.Module):',
      '    """Swish：x * sigmoid(beta * x)。"""',
      '    def __init__(self, beta=1.0):',
      '        super().__init__()',
      '        self.beta = beta',
      '    def forward(self, x):',
      '        return x * torch.sigmoid(self.beta * x)',
      '',
    );
  }
  lines.push('model = nn.Sequential(');
  let inputs = nFeatures;
  for (const layer of config.layers) {
    lines.push(`    nn.Linear(${inputs}, ${layer.units}),`, `    ${torchActivation(layer.activation, layer.params)},`);
    inputs = layer.units;
  }
  lines.push(`    nn.Linear(${inputs}, ${config.output.units}),`);
  const out = config.output.activation;
  const loss = lossLines(config);
  if (out === 'sigmoid' && config.loss.id !== 'bce') lines.push('    nn.Sigmoid(),');
  if (out === 'tanh') lines.push('    nn.Tanh(),');
  lines.push(')');
  if (loss.note === 'logit')
    lines.push('# 输出层的 sigmoid 融合在 BCEWithLogitsLoss 里；预测概率用 torch.sigmoid(model(x))');
  if (loss.note === 'logits')
    lines.push('# 输出层的 softmax 融合在 CrossEntropyLoss 里；预测类别用 model(x).argmax(dim=1)');
  lines.push(
    '',
    `# 初始化：${config.init}，偏置全为 0`,
    'for module in model:',
    '    if isinstance(module, nn.Linear):',
    `        ${INIT_CALL[config.init] ?? INIT_CALL.xavier_uniform}`,
    '        nn.init.zeros_(module.bias)',
    '',
    ...loss.lines,
    optimizerLine(config),
    `l1, l2 = ${py(config.l1)}, ${py(config.l2)}  # 只加在权重上（不含偏置）：l1 * Σ|w| + l2 / 2 * Σw²`,
    '',
    'def train_step(xb, yb):',
    '    """一个小批量步：前向、损失（含 L1/L2 惩罚）、反向、更新。返回数据损失。"""',
    '    optimizer.zero_grad()',
    '    pred = model(xb)',
  );
  if (out === 'softmax') lines.push('    data_loss = loss_fn(pred, yb.long())');
  else lines.push('    data_loss = loss_fn(pred, yb.reshape(pred.shape))');
  lines.push(
    '    weights = [m.weight for m in model if isinstance(m, nn.Linear)]',
    '    penalty = sum(l1 * w.abs().sum() + l2 / 2 * (w * w).sum() for w in weights)',
    '    (data_loss + penalty).backward()',
    '    optimizer.step()',
    '    return data_loss.item()',
    '',
    'def load_actlab_weights(path):',
    '    """读入 ActLab 导出的权重 JSON（weights 按输入行优先存放，形状 in×out）。"""',
    '    with open(path, encoding="utf-8") as f:',
    '        data = json.load(f)',
    '    linears = [m for m in model if isinstance(m, nn.Linear)]',
    '    prelus = [m for m in model if isinstance(m, nn.PReLU)]',
    '    with torch.no_grad():',
    '        for linear, layer in zip(linears, data["layers"]):',
    '            w = torch.tensor(layer["weights"], dtype=torch.float32).reshape(layer["in"], layer["out"])',
    '            linear.weight.copy_(w.T)',
    '            linear.bias.copy_(torch.tensor(layer["biases"], dtype=torch.float32))',
    '        for prelu, layer in zip(prelus, [l for l in data["layers"] if l["prelu"] is not None]):',
    '            prelu.weight.fill_(layer["prelu"])',
    '    return data["standardize"]  # None，或 {"mean": [...], "invStd": [...]}：输入先做 (x - mean) * invStd',
    '',
  );
  return lines.join('\n');
}

// ---- NumPy -------------------------------------------------------------------------------

const NUMPY_ACTIVATIONS = `def sigmoid(z):
    return np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))))

def softplus(z, beta=1.0, threshold=20.0):
    bz = beta * z
    return np.where(bz > threshold, z, np.logaddexp(0, bz) / beta)

def erf(z):
    # Abramowitz & Stegun 7.1.26 (误差约 1e-7)，只为不依赖 scipy
    s = np.sign(z)
    a = np.abs(z)
    t = 1 / (1 + 0.3275911 * a)
    y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * np.exp(-a * a)
    return s * y

ACTIVATIONS = {
    "step": lambda z, p: (z > 0).astype(z.dtype),
    "linear": lambda z, p: z,
    "sigmoid": lambda z, p: sigmoid(z),
    "tanh": lambda z, p: np.tanh(z),
    "relu": lambda z, p: np.maximum(z, 0),
    "leaky_relu": lambda z, p: np.where(z > 0, z, p[0] * z),
    "prelu": lambda z, p: np.where(z > 0, z, p[0] * z),
    "elu": lambda z, p: np.where(z > 0, z, p[0] * np.expm1(np.minimum(z, 0))),
    "selu": lambda z, p: 1.0507009873554805 * np.where(z > 0, z, 1.6732632423543772 * np.expm1(np.minimum(z, 0))),
    "celu": lambda z, p: np.where(z > 0, z, p[0] * np.expm1(np.minimum(z, 0) / p[0])),
    "gelu": lambda z, p: 0.5 * z * (1 + erf(z / np.sqrt(2))),
    "gelu_tanh": lambda z, p: 0.5 * z * (1 + np.tanh(np.sqrt(2 / np.pi) * (z + 0.044715 * z ** 3))),
    "silu": lambda z, p: z * sigmoid(z),
    "swish": lambda z, p: z * sigmoid(p[0] * z),
    "softplus": lambda z, p: softplus(z, p[0], p[1]),
    "softsign": lambda z, p: z / (1 + np.abs(z)),
    "mish": lambda z, p: z * np.tanh(softplus(z)),
    "hardsigmoid": lambda z, p: np.clip(z / 6 + 0.5, 0, 1),
    "hardswish": lambda z, p: z * np.clip(z / 6 + 0.5, 0, 1),
    "hardtanh": lambda z, p: np.clip(z, p[0], p[1]),
    "relu6": lambda z, p: np.clip(z, 0, 6),
    "logsigmoid": lambda z, p: -np.logaddexp(0, -z),
}

def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)
`;

/** A NumPy forward pass over the exported weights JSON, with this setup's activation parameters. */
export function numpySnippet(config: TrainerConfigJson): string {
  const params = config.layers.map((l) => `[${l.params.map(py).join(', ')}]`).join(', ');
  return [
    '# ActLab 训练游乐场导出的 NumPy 前向传播：读入“下载权重”得到的 JSON，对输入 x（形状 n×特征数）求网络输出',
    'import json',
    'import numpy as np',
    '',
    NUMPY_ACTIVATIONS,
    `HIDDEN_PARAMS = [${params}]  # 每个隐藏层激活函数的参数`,
    '',
    'def forward(x, data):',
    '    x = np.asarray(x, dtype=np.float64)',
    '    if data["standardize"] is not None:',
    '        x = (x - np.array(data["standardize"]["mean"])) * np.array(data["standardize"]["invStd"])',
    '    layers = data["layers"]',
    '    for k, layer in enumerate(layers):',
    '        w = np.array(layer["weights"]).reshape(layer["in"], layer["out"])',
    '        z = x @ w + np.array(layer["biases"])',
    '        act = layer["activation"]',
    '        if k < len(layers) - 1:',
    '            p = [layer["prelu"]] if layer["prelu"] is not None else HIDDEN_PARAMS[k]',
    '            x = ACTIVATIONS[act](z, p)',
    '        elif act == "softmax":',
    '            x = softmax(z)  # 各类概率；类别 = x.argmax(axis=1)',
    '        else:',
    '            x = ACTIVATIONS[act](z, [])',
    '    return x',
    '',
    'if __name__ == "__main__":',
    '    import sys',
    '    with open(sys.argv[1] if len(sys.argv) > 1 else "actlab-weights.json", encoding="utf-8") as f:',
    '        data = json.load(f)',
    '    print(forward(np.zeros((1, data["inputs"])), data))',
    '',
  ].join('\n');
}
