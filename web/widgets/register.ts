// Defines the five function widgets (guarded against double definition) and
// exports their classes. Imported by web/index.ts (the full library and the
// embed bundle) and by web/widgets/site-entry.ts (the tutorial site).
import { defineOnce } from './shared/base';
import { ActivationWidget } from './activation';
import { ChainWidget } from './chain';
import { DescentWidget } from './descent';
import { LossWidget } from './loss';
import { NeuronWidget } from './neuron';

export { ActivationWidget, ChainWidget, DescentWidget, LossWidget, NeuronWidget };

/** Tag → class of the function widgets. */
export const WIDGET_TAGS = {
  'actlab-activation': ActivationWidget,
  'actlab-loss': LossWidget,
  'actlab-neuron': NeuronWidget,
  'actlab-descent': DescentWidget,
  'actlab-chain': ChainWidget,
} as const;

for (const [tag, ctor] of Object.entries(WIDGET_TAGS)) defineOnce(tag, ctor);
