// The trainer's weights JSON ("actlab-weights", Trainer.exportWeights), as the
// playground reads it to draw the network and to export it (export.ts).

export interface WeightsLayer {
  in: number;
  out: number;
  activation: string;
  /** in × out values, row-major by input: weights[i * out + j] joins input i to unit j. */
  weights: number[];
  biases: number[];
  prelu: number | null;
}

export interface WeightsJson {
  format: 'actlab-weights';
  version: number;
  inputs: number;
  standardize: { mean: number[]; invStd: number[] } | null;
  layers: WeightsLayer[];
  config?: unknown;
}

export function parseWeights(json: string): WeightsJson {
  const data = JSON.parse(json) as WeightsJson;
  if (data.format !== 'actlab-weights' || !Array.isArray(data.layers))
    throw new Error('不是 ActLab 权重文件（format 应为 actlab-weights）');
  return data;
}
