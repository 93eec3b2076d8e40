// The comparison lab's presets: each one reproduces a claim of the tutorial by
// training the same data, the same architecture and the same initial weights
// (one seed) with 2 to 8 variants of one thing (activation, loss or optimizer).
// The chapters refer to them by name: <actlab-compare preset="vanishing">, and
// their text describes these settings (data set, learning rate): change both together.
import type { DatasetId } from './datasets';

export type Vary = 'activation' | 'loss' | 'optimizer';

export interface Preset {
  id: string;
  title: string;
  /** One line of Chinese that says what the reader should see. */
  explanation: string;
  dataset: DatasetId;
  noise: number;
  samples: number;
  layers: number[];
  vary: Vary;
  runs: string[];
  /** The fixed parts (those not varied). */
  activation: string;
  loss: string;
  optimizer: string;
  lr: number;
  batch: number;
  init: string;
  seed: number;
  /** Steps each run trains. */
  steps: number;
  /** "Steps to reach" counts the first step at which the training loss is at or below this
   * (losses of different kinds have different scales: the table also gives the step at which
   * the training accuracy first reached 90%). */
  threshold: number;
}

export const PRESETS: Record<string, Preset> = {
  vanishing: {
    id: 'vanishing',
    title: '梯度消失：6 层 sigmoid 与 relu',
    explanation:
      '同样 6 个隐藏层、同样的初始权重：sigmoid 的导数最大只有 0.25，梯度逐层相乘后几乎消失，损失长时间停在原地；relu 的导数是 1，先降到阈值以下。',
    dataset: 'circle',
    noise: 0.05,
    samples: 400,
    layers: [8, 8, 8, 8, 8, 8],
    vary: 'activation',
    runs: ['sigmoid', 'relu'],
    activation: 'relu',
    loss: 'bce',
    optimizer: 'sgd',
    lr: 0.1,
    batch: 16,
    init: 'xavier_uniform',
    seed: 3,
    steps: 3000,
    threshold: 0.3,
  },
  'dead-relu': {
    id: 'dead-relu',
    title: '死亡 ReLU：大学习率下的 relu 与 leaky_relu',
    explanation:
      '学习率很大时，一次过猛的更新会把 relu 单元的输入推到全负，从此输出恒为 0、梯度恒为 0（死亡）；leaky_relu 在负半轴还留有 0.01 的斜率，单元还能活过来。',
    dataset: 'spiral',
    noise: 0.05,
    samples: 400,
    layers: [16, 16, 16],
    vary: 'activation',
    runs: ['relu', 'leaky_relu'],
    activation: 'relu',
    loss: 'bce',
    optimizer: 'sgd',
    lr: 1,
    batch: 16,
    init: 'he_uniform',
    seed: 1,
    steps: 2000,
    threshold: 0.4,
  },
  'xor-linear': {
    id: 'xor-linear',
    title: '为什么需要非线性：xor 上的 linear 与 tanh',
    explanation:
      '线性激活的多层网络仍然只是一个线性函数，画不出 xor 需要的两条分界线，准确率停在一半左右；换成 tanh 就能分开。',
    dataset: 'xor',
    noise: 0.05,
    samples: 400,
    layers: [8, 8],
    vary: 'activation',
    runs: ['linear', 'tanh'],
    activation: 'tanh',
    loss: 'bce',
    optimizer: 'adam',
    lr: 0.03,
    batch: 16,
    init: 'xavier_uniform',
    seed: 1,
    steps: 1500,
    threshold: 0.2,
  },
  'mse-vs-bce': {
    id: 'mse-vs-bce',
    title: '分类用 MSE 还是 BCE',
    explanation:
      'sigmoid 输出配 MSE 时，预测错得越离谱、sigmoid 越饱和，传回的梯度反而越小；配 BCE 时 sigmoid 的导数被约掉，梯度就是“预测 − 标签”，学得更快。两种损失的数值尺度不同（开始时 MSE 约 0.25、BCE 约 0.69），所以这里按“训练准确率达到 90% 的步数”比较：BCE 约 500 步，MSE 约 1000 步。',
    dataset: 'circle',
    noise: 0.05,
    samples: 400,
    layers: [8, 8],
    vary: 'loss',
    runs: ['sigmoid_mse', 'bce'],
    activation: 'tanh',
    loss: 'bce',
    optimizer: 'sgd',
    lr: 0.1,
    batch: 16,
    init: 'xavier_uniform',
    seed: 1,
    steps: 2000,
    threshold: 0.1,
  },
  optimizers: {
    id: 'optimizers',
    title: '优化器：sgd、momentum 与 adam',
    explanation:
      '同样的学习率 0.01、同样的初始权重：sgd 每步只走梯度那么远，3000 步内降不到阈值 0.2；momentum 累积过去的方向，约 700 步到达；adam 按每个参数的梯度大小调步长，约 300 步就到达，最快。',
    dataset: 'circle',
    noise: 0.05,
    samples: 400,
    layers: [8, 8],
    vary: 'optimizer',
    runs: ['sgd', 'momentum', 'adam'],
    activation: 'tanh',
    loss: 'bce',
    optimizer: 'adam',
    lr: 0.01,
    batch: 16,
    init: 'xavier_uniform',
    seed: 1,
    steps: 3000,
    threshold: 0.2,
  },
};

export const PRESET_IDS = Object.keys(PRESETS);
