// Training: `trainModel` with the NT defense, evaluation, datasets from folders, export with a sidecar.
export * from './evaluate-split';
export * from './load-training-dataset';
export * from './nt-regularizer';
export * from './patch-sampler';
export * from './predict-image-scores';
export * from './save-trained-model';
export * from './score-targets';
export * from './train-model';
export * from './training-dataset';
export * from './training-error';
export * from './training-sidecar';
export * from './training.config';
