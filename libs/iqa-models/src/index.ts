// The shared model interface
export * from './iqa-model';

// Catalog and model creation
export * from './catalog';
export * from './catalog-entry';
export * from './catalog-error';
export * from './create-iqa-model';

// Architectures
export * from './architectures/architecture-definition';
export * from './architectures/architecture-error';
export * from './architectures/architecture-registry';
export * from './architectures/bilinear-pooling';
export * from './architectures/cnniqa';
export * from './architectures/compact-cnn';
export * from './architectures/dbcnn';
export * from './architectures/initial-weights';
export * from './architectures/local-normalization';
export * from './architectures/parameter-store';
export * from './architectures/pil-grayscale';
export * from './architectures/scnn';
export * from './architectures/scnn-features';
export * from './architectures/scnn-parameters';

// Classic NR-IQA (BRISQUE, NIQE) as differentiable models
export * from './classic/brisque-model';
export * from './classic/classic-architectures';
export * from './classic/classic-grayscale';
export * from './classic/classic-pipeline';
export * from './classic/gamma-shape-table';
export * from './classic/mahalanobis';
export * from './classic/mscn';
export * from './classic/niqe-model';
export * from './classic/nss-features';
export * from './classic/resize-matrices';
export * from './classic/svr-parameter-directory';
export * from './classic/svr-tensors';

// Ops
export * from './ops/batch-norm-inference';
export * from './ops/conv2d-fast-grad';
export * from './ops/normalize-input';
export * from './ops/ops-error';

// Weights: formats, readers, writers, name maps
export * from './weights/finite-weights';
export * from './weights/libsvm-reader';
export * from './weights/matlab-v5-reader';
export * from './weights/name-map';
export * from './weights/opencv-svm-yaml-reader';
export * from './weights/pickle-reader';
export * from './weights/pickle-value';
export * from './weights/pytorch-checkpoint-reader';
export * from './weights/pytorch-pickle-globals';
export * from './weights/pytorch-zip-archive';
export * from './weights/safetensors-format';
export * from './weights/safetensors-reader';
export * from './weights/safetensors-writer';
export * from './weights/tfjs-weights-reader';
export * from './weights/weight-file-bytes';
export * from './weights/weight-file-reader';
export * from './weights/weight-map';
export * from './weights/weights-error';

// Training (the NT defense, evaluation, folder datasets, export with a .training.json record)
export * from './training/index';

// Input-purification defenses as model wrappers (JPEG, resize, blur, median; exact / BPDA / EOT gradients)
export * from './defenses/index';
