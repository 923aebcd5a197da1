import type { TensorSpec } from '../weights/name-map';
import type { ArchitectureDefinition } from './architecture-definition';
import { brisqueOpencvArchitecture, niqeMatlabArchitecture } from '../classic/classic-architectures';
import { cnniqaArchitecture } from './cnniqa';
import { compactCnnArchitecture } from './compact-cnn';
import { dbcnnArchitecture } from './dbcnn';
import { heUniformZeroBias, initialWeights, type InitRule } from './initial-weights';
import { createScnnModel, SCNN_CLASSES, SCNN_PROJECTION_CHANNELS, type ScnnModel } from './scnn';
import { SCNN_FEATURE_CHANNELS, SCNN_FEATURE_LAYERS } from './scnn-features';

const batchNorm = (prefix: string, channels: number): TensorSpec[] =>
  ['weight', 'bias', 'running_mean', 'running_var'].map((field) => ({ name: `${prefix}.${field}`, shape: [channels] }));

/** The released S-CNN state dict (`scnn.pkl` / `scnn.safetensors`, without `module.`): 68 tensors. */
const SCNN_TENSORS: readonly TensorSpec[] = [
  ...SCNN_FEATURE_LAYERS.flatMap(({ conv, bn, inChannels, outChannels }) => [
    { name: `features.${conv}.weight`, shape: [outChannels, inChannels, 3, 3] },
    { name: `features.${conv}.bias`, shape: [outChannels] },
    ...batchNorm(`features.${bn}`, outChannels),
  ]),
  { name: 'projection.0.weight', shape: [SCNN_PROJECTION_CHANNELS, SCNN_FEATURE_CHANNELS, 1, 1] },
  { name: 'projection.0.bias', shape: [SCNN_PROJECTION_CHANNELS] },
  ...batchNorm('projection.1', SCNN_PROJECTION_CHANNELS),
  { name: 'projection.3.weight', shape: [SCNN_PROJECTION_CHANNELS, SCNN_PROJECTION_CHANNELS, 1, 1] },
  { name: 'projection.3.bias', shape: [SCNN_PROJECTION_CHANNELS] },
  ...batchNorm('projection.4', SCNN_PROJECTION_CHANNELS),
  { name: 'classifier.weight', shape: [SCNN_CLASSES, SCNN_PROJECTION_CHANNELS] },
  { name: 'classifier.bias', shape: [SCNN_CLASSES] },
];

/** Identity BatchNorm (γ = 1, running variance = 1), He-uniform weights, zero biases. */
function batchNormAwareInit(spec: TensorSpec): InitRule {
  if (spec.name.endsWith('.running_var')) return { kind: 'constant', value: 1 };
  const isBnWeight = spec.shape.length === 1 && spec.name.endsWith('.weight');
  return isBnWeight ? { kind: 'constant', value: 1 } : heUniformZeroBias(spec);
}

const scnnClassifierArchitecture: ArchitectureDefinition<ScnnModel> = {
  id: 'scnn-classifier',
  title: 'S-CNN synthetic-distortion classifier (DBCNN stream 2), mean-logit score',
  reference: 'zwx8981/DBCNN-PyTorch SCNN.py (MIT), port in architectures/scnn.ts',
  tensorSpecs: SCNN_TENSORS,
  nameMapRules: { stripPrefixes: ['module.'], ignore: [/\.num_batches_tracked$/] },
  build: (weights, facts) => createScnnModel(weights, facts),
  initialWeights: (seed) => initialWeights(SCNN_TENSORS, batchNormAwareInit, seed),
};

/**
 * Every architecture, by id (an explicit typed map: a duplicate id is a type error, and a test
 * checks each definition's own id against its key).
 */
export const architectures = {
  'compact-cnn': compactCnnArchitecture,
  cnniqa: cnniqaArchitecture,
  dbcnn: dbcnnArchitecture,
  'scnn-classifier': scnnClassifierArchitecture,
  'brisque-opencv': brisqueOpencvArchitecture,
  'niqe-matlab': niqeMatlabArchitecture,
} as const satisfies Record<string, ArchitectureDefinition>;

export type ArchitectureId = keyof typeof architectures;
