/** A blob in the artifact store, addressed by its content. */
export interface StoredArtifact {
  key: string;
  sha256: string;
  sizeBytes: number;
  /**
   * True when this call wrote the blob, false when it was already there (content addressing made the
   * put a no-op). Lets a caller clean up exactly what it added when a later step fails (a refused import).
   */
  created?: boolean;
}

/**
 * Where artifacts (dataset images, adversarial PNGs, weights, exports) live. Keys are content
 * addresses (`sha256/ab/cdef…`, see `artifactKey`), so a put of the same bytes is a no-op and two
 * workers writing the same result never conflict. Implementations: `LocalArtifactStore` (a folder,
 * the default) and `S3ArtifactStore` (an S3-compatible bucket, for workers on several machines).
 */
export interface ArtifactStore {
  /** One line for logs and `--help` output, never with secrets (e.g. `local /data/artifacts`, `s3 bucket/prefix at http://…`). */
  describe(): string;
  has(key: string): Promise<boolean>;
  /** Stores bytes under their content address. */
  putBytes(bytes: Uint8Array): Promise<StoredArtifact>;
  /**
   * Copies a file in (streamed); `expectedSha256` (when known) is verified, a mismatch is a
   * `DbError('ARTIFACT_CHECKSUM_MISMATCH')` and nothing is stored.
   */
  putFile(source: string, expectedSha256?: string): Promise<StoredArtifact>;
  /** The bytes of a stored artifact; a missing key is a `DbError('NOT_FOUND')`. */
  getBytes(key: string): Promise<Uint8Array>;
  /** Removes an artifact (used to clean up blobs of a refused import); missing keys are ignored. */
  delete(key: string): Promise<void>;
}
