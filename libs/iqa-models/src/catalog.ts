import type { CatalogEntry } from './catalog-entry';
import type { InputNormalization } from './iqa-model';

/**
 * torchvision's ImageNet statistics (the same values as `IMAGENET_NORMALIZATION` of
 * ops/normalize-input, repeated so this file stays plain data without TensorFlow.js; a test checks).
 */
const IMAGENET: InputNormalization = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

/** Facts shared by the demo CNN and its NT-defended variant (same architecture, data and scale). */
const DEMO_CNN_FACTS = {
  architecture: 'compact-cnn',
  lowerBetter: false,
  scoreRange: [0, 100],
  inputRange: [0, 1],
  input: { kind: 'any', minSize: 32 },
  normalization: IMAGENET,
  licence: 'MIT (Rankfall)',
} as const;

/**
 * The model catalog: facts per model, in the manner of pyiqa's `default_model_configs.py`.
 * Behaviour comes from these facts and the architecture registry, never from an id.
 */
export const catalog = {
  'rankfall-demo-cnn': {
    id: 'rankfall-demo-cnn',
    title: 'Rankfall demo CNN (compact, trained on the synthetic dataset)',
    ...DEMO_CNN_FACTS,
    weights: { source: 'bundled', path: 'libs/iqa-models/weights/rankfall-demo-cnn.safetensors', sha256: '92ae3565d07b8af01ece5ba3415955cd958e59b6fb6abafcb48017e0087ca924' },
    provenance: 'Architecture and weights by the Rankfall project; weights trained by `rankfall model train` on the synthetic dataset (seed 1, 96 scenes), record in libs/iqa-models/weights/rankfall-demo-cnn.training.json.',
    notes: 'Score = 100·sigmoid(z) in (0, 100), higher = better quality on the synthetic dataset label scale. A demo model, not a research-grade IQA model.',
    training: {
      command: 'npm run rankfall -- model train --architecture rankfall-demo-cnn --synthetic --synthetic-seed 1 --synthetic-references 96 --epochs 80 --lr 0.002 --batch 16 --patch 32 --patches-per-image 2 --loss mse --schedule cosine --seed 1 --out libs/iqa-models/weights/rankfall-demo-cnn.safetensors',
      results: { dataset: 'Rankfall synthetic, seed 1, 96 scenes (test split: 238 images of 14 unseen scenes)', epochs: 80, seconds: 168, srocc: 0.9115, plcc: 0.923 },
    },
  },
  'rankfall-demo-cnn-nt': {
    id: 'rankfall-demo-cnn-nt',
    title: 'Rankfall demo CNN with the NT defense (gradient-norm regularised)',
    ...DEMO_CNN_FACTS,
    weights: { source: 'bundled', path: 'libs/iqa-models/weights/rankfall-demo-cnn-nt.safetensors', sha256: '1779a9a9252770f4021df2b01bf2eb557a743c4f9a3edb1594f40cfd5618f3eb' },
    provenance: 'Same architecture, data, seed and schedule as rankfall-demo-cnn, trained with the NT defense (Liu et al., CVPR 2024; SMA.md §8.2: w = 1e-3, h = 1e-2), record in libs/iqa-models/weights/rankfall-demo-cnn-nt.training.json.',
    notes: 'The defended counterpart of rankfall-demo-cnn, for robustness comparisons: ‖∇f‖₁ proxy 232 vs 1681 on the test split, at a cost in accuracy.',
    training: {
      command: 'npm run rankfall -- model train --architecture rankfall-demo-cnn --synthetic --synthetic-seed 1 --synthetic-references 96 --epochs 80 --lr 0.002 --batch 16 --patch 32 --patches-per-image 2 --loss mse --schedule cosine --seed 1 --nt --nt-weight 0.001 --nt-h 0.01 --out libs/iqa-models/weights/rankfall-demo-cnn-nt.safetensors',
      results: { dataset: 'Rankfall synthetic, seed 1, 96 scenes (test split: 238 images of 14 unseen scenes)', epochs: 80, seconds: 384, srocc: 0.8361, plcc: 0.781 },
    },
  },
  'scnn-distortion-proxy': {
    id: 'scnn-distortion-proxy',
    title: 'S-CNN distortion classifier, mean-logit proxy (DBCNN stream 2)',
    architecture: 'scnn-classifier',
    lowerBetter: false,
    scoreRange: [-100, 100],
    inputRange: [0, 1],
    input: { kind: 'any', minSize: 16 },
    normalization: IMAGENET,
    weights: {
      source: 'user',
      hint: 'scnn.pkl of zwx8981/DBCNN-PyTorch (pretrained_scnn/scnn.pkl) or its safetensors conversion',
      knownSha256: [
        '7ea73d75539cefcf4953800a896e024ea1a3216de2392f242810b113fd940a42',
        '956034ec8cabeba3455d6c22d9da56a3205091f404ec2a80cd883b198ebb3dfb',
      ],
    },
    provenance: 'zwx8981/DBCNN-PyTorch@16c3156 pretrained_scnn/scnn.pkl: S-CNN pretrained on 39-class synthetic distortion classification (Waterloo Exploration + PASCAL VOC).',
    licence: 'MIT (DBCNN-PyTorch); keep its LICENSE beside the weights',
    notes: 'NOT a quality model: the score is the mean of 39 distortion-class logits (the scnn_bench.py proxy), unbounded; [-100, 100] is a generous range, not a guarantee. The sign convention (lowerBetter false) is arbitrary.',
    training: null,
  },
  'cnniqa-live': {
    id: 'cnniqa-live',
    title: 'CNNIQA trained on LIVE (lidq92/CNNIQA)',
    architecture: 'cnniqa',
    lowerBetter: true,
    scoreRange: [0, 100],
    inputRange: [0, 1],
    input: { kind: 'patches', patchSize: 32, stride: 32 },
    normalization: null,
    weights: {
      source: 'user',
      hint: 'the original models/CNNIQA-LIVE file of lidq92/CNNIQA (legacy PyTorch pickle, read with the safe reader)',
      knownSha256: ['79cc404d0da3e76e51b6680c4d6edd7332399ba7ed8af3306bdd16e95c7bda7e'],
    },
    provenance: 'lidq92/CNNIQA@fb36830 models/CNNIQA-LIVE (Kang et al. CVPR 2014 re-implementation, trained on LIVE Release 2).',
    licence: 'none: the repository has no licence, so the weights must not be redistributed or bundled',
    notes: 'Predicts LIVE realigned DMOS, about 0–100, higher = worse; predictions can leave [0, 100] slightly. Input needs more than 32 px per side; grayscale exactly as PIL convert("L") with a straight-through gradient.',
    training: null,
  },
  dbcnn: {
    id: 'dbcnn',
    title: 'DBCNN (VGG-16 ⊗ S-CNN bilinear CNN)',
    architecture: 'dbcnn',
    lowerBetter: false,
    scoreRange: [0, 100],
    inputRange: [0, 1],
    input: { kind: 'any', minSize: 16 },
    normalization: IMAGENET,
    weights: {
      source: 'user',
      hint: 'a DBCNN-PyTorch checkpoint (state dict with module.features1.*, module.features2.*, module.fc.*), e.g. the SMA authors\' livec_net_params_best.pkl',
      knownSha256: [],
    },
    provenance: 'zwx8981/DBCNN-PyTorch@16c3156 (MIT). No pretrained DBCNN weights exist on these machines; the attacked SMA checkpoint is on Google Drive only.',
    licence: 'MIT (code); the weights\' licence depends on the checkpoint',
    notes: 'Output clamped to [0, 100] (zero gradient outside), on the scale of its training labels (CLIVE MOS min-max rescaled to 0–100 in SMA), higher = better.',
    training: null,
  },
} as const satisfies Record<string, CatalogEntry>;

export type CatalogId = keyof typeof catalog;
