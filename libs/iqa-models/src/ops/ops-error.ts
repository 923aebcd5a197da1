import { RankfallError } from '@rankfall/job-contracts';

/** Why a compute op refused its arguments. */
export type OpsErrorCode =
  /** Stride other than the supported ones. */
  | 'UNSUPPORTED_STRIDE'
  /** Padding outside what the op supports (negative, or larger than kernel size − 1). */
  | 'UNSUPPORTED_PADDING'
  /** Tensor shapes that do not fit together (channels, ranks, bias length, ...). */
  | 'SHAPE_MISMATCH'
  /** The active TF.js backend lacks a kernel the op delegates to. */
  | 'UNSUPPORTED_BACKEND';

/** The one error class of the compute ops in `ops/`. */
export class OpsError extends RankfallError<OpsErrorCode> {
  override readonly name = 'OpsError';
}
