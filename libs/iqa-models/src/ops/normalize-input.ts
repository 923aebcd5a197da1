import * as tf from '@tensorflow/tfjs';
import type { InputNormalization } from '../iqa-model';

/** torchvision's ImageNet statistics, used by most PyTorch IQA backbones. */
export const IMAGENET_NORMALIZATION: InputNormalization = {
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
};

/** (x − mean) / std per channel of an NHWC RGB batch in [0,1] (PyTorch's order of operations). */
export function normalizeInput(images: tf.Tensor4D, normalization: InputNormalization): tf.Tensor4D {
  return tf.tidy(() =>
    tf.div(tf.sub(images, tf.tensor1d([...normalization.mean])), tf.tensor1d([...normalization.std])),
  );
}
