/** The splits training uses: fit on `train`, report on `val` each epoch, evaluate once on `test`. */
export type TrainingSplit = 'train' | 'val' | 'test';

/** One decoded image with its label: HWC RGB float32 in [0,1] (the shape `decodeImage` returns). */
export interface TrainingImage {
  /** Name of the image in its dataset (for error messages). */
  readonly key: string;
  readonly data: Float32Array;
  readonly height: number;
  readonly width: number;
  /** The label as published (never flipped or rescaled); `mosRange` and `lowerBetter` say how to read it. */
  readonly mos: number;
  readonly split: TrainingSplit;
}

/** A labelled image set in memory, with the facts needed to put its MOS on a model's score scale. */
export interface TrainingDataset {
  readonly name: string;
  readonly version: string;
  readonly mosRange: readonly [lo: number, hi: number];
  /** True when a lower MOS means better quality (DMOS-like). */
  readonly lowerBetter: boolean;
  readonly images: readonly TrainingImage[];
}
