import { z } from 'zod';

/** The three splits an image can belong to. */
export const datasetSplitSchema = z.enum(['train', 'val', 'test']);
export type DatasetSplit = z.infer<typeof datasetSplitSchema>;

/** Where the labels come from and under which terms. */
export const datasetProvenanceSchema = z.object({
  /** The database and the table file the labels were read from. */
  source: z.string().min(1),
  /** Licence or terms-of-use note (free text; "unknown" is a valid, honest answer). */
  licence: z.string().min(1),
  url: z.url().optional(),
  /** How the stored `mos` / `mosStd` relate to the published numbers (e.g. "as published", a rescaling). */
  labelTransform: z.string().min(1).optional(),
});
export type DatasetProvenance = z.infer<typeof datasetProvenanceSchema>;

/** The encoded formats image IO reads (see `ImageFormat`). */
export const imageFormatSchema = z.enum(['png', 'jpeg', 'webp', 'tiff', 'bmp']);

/** The media type an encoded format is stored under. */
export const IMAGE_MEDIA_TYPES: Readonly<Record<z.infer<typeof imageFormatSchema>, string>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  tiff: 'image/tiff',
  bmp: 'image/bmp',
};

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex SHA-256');

const imageFields = {
  /** Path of the image relative to the image root, `/`-separated, as the table names it. Unique. */
  key: z.string().min(1),
  mos: z.number(),
  /**
   * The spread the source publishes with the MOS, as published (a std of the ratings or of the mean,
   * depending on the source, and not always on the MOS scale: see `provenance.labelTransform`).
   */
  mosStd: z.number().nonnegative().nullable(),
  split: datasetSplitSchema.nullable(),
  /** The pristine reference this image was distorted from (FR-derived datasets, synthetic); null otherwise. */
  reference: z.string().min(1).nullable(),
};

/** An image whose file was found, checksummed and measured (`imagesVerified: true`). */
export const verifiedDatasetImageSchema = z.object({
  ...imageFields,
  /** Absolute path of the file. */
  filePath: z.string().min(1),
  sha256: sha256Schema,
  /** Displayed size (after EXIF orientation), as `decodeImage` returns it. */
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** The encoded format, sniffed from the magic bytes (never the extension): the stored media type. */
  format: imageFormatSchema,
  /**
   * The colour space `decodeImage` converts this image from to sRGB (an embedded ICC profile's
   * description, e.g. `Adobe RGB (1998)`), or null when the pixels are sRGB already. The stored bytes
   * keep the profile; every decode (import check, attacks, training) converts the same way.
   */
  convertedFromProfile: z.string().min(1).nullable(),
});

/** An image read from the table only (`imagesRequired: false`): no checksum, no size. */
export const unverifiedDatasetImageSchema = z.object({
  ...imageFields,
  /** Where the file would be (image root + key), or null when no image root was given. */
  filePath: z.string().min(1).nullable(),
  sha256: z.null(),
  width: z.null(),
  height: z.null(),
});

const manifestFields = {
  name: z.string().min(1),
  version: z.string().min(1),
  /** Format id of the importer that produced it (a key of `DATASET_FORMATS`) or `synthetic`. */
  source: z.string().min(1),
  /** True when a lower score means better quality (DMOS-like labels). */
  lowerBetter: z.boolean(),
  /** Nominal range of the scale; every `mos` lies inside it. */
  mosRange: z.tuple([z.number(), z.number()]),
  provenance: datasetProvenanceSchema,
};

/**
 * What an importer produces and `libs/db` writes in one transaction. Either every image was verified
 * (a regular file inside the image root, decoded completely, sha256, size, format) or none was; `imagesVerified` tells which.
 * Values are stored as published: `mos` is never flipped or rescaled by the importers.
 */
export const datasetManifestSchema = z
  .discriminatedUnion('imagesVerified', [
    z.object({ ...manifestFields, imagesVerified: z.literal(true), images: z.array(verifiedDatasetImageSchema) }),
    z.object({ ...manifestFields, imagesVerified: z.literal(false), images: z.array(unverifiedDatasetImageSchema) }),
  ])
  .superRefine((manifest, ctx) => {
    const [lo, hi] = manifest.mosRange;
    if (!(lo < hi)) ctx.addIssue({ code: 'custom', path: ['mosRange'], message: `empty MOS range [${lo}, ${hi}]` });
    const seen = new Set<string>();
    manifest.images.forEach((image, i) => {
      if (seen.has(image.key)) ctx.addIssue({ code: 'custom', path: ['images', i, 'key'], message: `duplicate key "${image.key}"` });
      seen.add(image.key);
      if (image.mos < lo || image.mos > hi) {
        ctx.addIssue({ code: 'custom', path: ['images', i, 'mos'], message: `${image.mos} is outside [${lo}, ${hi}]` });
      }
    });
  });

export type DatasetManifest = z.infer<typeof datasetManifestSchema>;
export type VerifiedDatasetManifest = Extract<DatasetManifest, { imagesVerified: true }>;
export type DatasetImage = DatasetManifest['images'][number];
export type VerifiedDatasetImage = z.infer<typeof verifiedDatasetImageSchema>;
