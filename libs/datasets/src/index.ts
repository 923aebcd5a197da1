// Image IO
export { type RgbImage } from './image-io/rgb-image';
export { ImageIoError, type ImageIoErrorCode } from './image-io/image-io-error';
export { detectImageFormat, type ImageFormat } from './image-io/image-format';
export { DEFAULT_MAX_PIXELS, type ImageReadOptions } from './image-io/image-limits';
export { decodeImage } from './image-io/decode-image';
export { inspectImage, type InspectedImage } from './image-io/inspect-image';
export { iccProfileDescription } from './image-io/icc-profile-description';
export { readImageInfo, type ImageInfo } from './image-io/image-info';
export { decodeBmp, type BmpPixels } from './image-io/bmp-decoder';
export { encodePng } from './image-io/encode-png';
export { rgbImageFromBytes, rgbImageToBytes } from './image-io/rgb-bytes';
export { sha256Bytes, sha256File } from './image-io/sha256-file';

// Manifests and importers
export {
  datasetManifestSchema,
  imageFormatSchema,
  IMAGE_MEDIA_TYPES,
  datasetProvenanceSchema,
  datasetSplitSchema,
  verifiedDatasetImageSchema,
  unverifiedDatasetImageSchema,
  type DatasetImage,
  type DatasetManifest,
  type DatasetProvenance,
  type DatasetSplit,
  type VerifiedDatasetImage,
  type VerifiedDatasetManifest,
} from './importers/dataset-manifest';
export { datasetFactsSchema, type DatasetFacts, type DatasetFactsInput, type DatasetFormat } from './importers/dataset-format';
export { type TableLayout, type TableRow } from './importers/table-layout';
export {
  DatasetImportError,
  type DatasetImportErrorCode,
  type DatasetProblem,
  type DatasetProblemCode,
} from './importers/dataset-import-error';
export { DATASET_FORMATS, DATASET_FORMAT_IDS, isDatasetFormatId, type DatasetFormatId } from './importers/dataset-formats';
export { renderDatasetFormatsTable } from './importers/dataset-formats-table';
export { importDataset } from './importers/import-dataset';
export { importTable, DEFAULT_MAX_TABLE_ROWS, type ImportDatasetOptions } from './importers/import-table';
export { DEFAULT_MAX_IMAGE_BYTES } from './importers/read-file-in-root';
export { CsvParser, readCsvRecords, type CsvRecord } from './importers/csv-reader';

// Synthetic dataset
export {
  generateSyntheticDataset,
  syntheticDatasetFacts,
  SYNTHETIC_GENERATOR_VERSION,
  SYNTHETIC_IMAGES_DIR,
  SYNTHETIC_MANIFEST_FILE,
  SYNTHETIC_TABLE_FILE,
  type SyntheticDatasetResult,
} from './synthetic/generate-synthetic-dataset';
export {
  syntheticDatasetOptionsSchema,
  SYNTHETIC_DEFAULT_DISTORTIONS,
  type ResolvedSyntheticDatasetOptions,
  type SyntheticDatasetOptions,
} from './synthetic/synthetic-dataset.config';
export { SyntheticDatasetError, type SyntheticDatasetErrorCode } from './synthetic/synthetic-dataset-error';
export { SYNTHETIC_DISTORTIONS, SYNTHETIC_DISTORTION_IDS, type SyntheticDistortionId } from './synthetic/distortions/synthetic-distortions';
export { type SyntheticDistortion } from './synthetic/distortions/synthetic-distortion';

// Dataset archives (zip uploads)
export { DatasetArchiveError, type DatasetArchiveErrorCode } from './archive/dataset-archive-error';
export { DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from './archive/archive-limits';
export { extractZipArchive, withExtractedArchive, type ExtractedArchive, type ExtractZipOptions } from './archive/extract-zip-archive';
export { locateArchiveDataset, normaliseArchivePath, type ArchiveDatasetLayout } from './archive/locate-archive-dataset';
