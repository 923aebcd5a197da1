import type { InputSpec } from '@rankfall/iqa-models';

/** The smallest image (height, width) a model accepts, from its input spec. */
export function minimumImageSize(input: InputSpec): { readonly height: number; readonly width: number } {
  switch (input.kind) {
    case 'any':
      return { height: input.minSize, width: input.minSize };
    case 'fixed':
      return { height: input.height, width: input.width };
    case 'patches':
      return { height: input.patchSize, width: input.patchSize };
  }
}
