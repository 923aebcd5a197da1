import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalArtifactStore, type ArtifactStore } from '@rankfall/db';
import { createIqaModel, type IqaModel } from '@rankfall/iqa-models';

export interface ModelRow {
  id: string;
  catalogId: string;
  weightsArtifact: { key: string; sha256: string } | null;
}

/**
 * Models built once per process and kept while the process runs jobs (building one reads and checks its
 * weights). Weights come from the artifact store: a local store's file directly, other stores through a
 * content-addressed cache file (its name is the weights' sha256, so a changed file is a different entry).
 */
export class ModelCache {
  private readonly models = new Map<string, Promise<IqaModel>>();

  constructor(private readonly cacheDir = join(tmpdir(), 'rankfall-weights')) {}

  get(store: ArtifactStore, row: ModelRow): Promise<IqaModel> {
    const key = `${row.id}:${row.weightsArtifact?.sha256 ?? 'bundled'}`;
    let model = this.models.get(key);
    if (!model) {
      model = this.build(store, row);
      model.catch(() => this.models.delete(key));
      this.models.set(key, model);
    }
    return model;
  }

  private async weightsPath(store: ArtifactStore, artifact: { key: string; sha256: string }): Promise<string> {
    if (store instanceof LocalArtifactStore) return store.pathOf(artifact.key);
    const path = join(this.cacheDir, artifact.sha256);
    const present = await stat(path).then(
      () => true,
      () => false,
    );
    if (!present) {
      await mkdir(this.cacheDir, { recursive: true });
      const temp = `${path}.${process.pid}.partial`;
      await writeFile(temp, await store.getBytes(artifact.key));
      await rename(temp, path);
    }
    return path;
  }

  private async build(store: ArtifactStore, row: ModelRow): Promise<IqaModel> {
    return createIqaModel(row.catalogId, row.weightsArtifact ? { weights: await this.weightsPath(store, row.weightsArtifact) } : {});
  }

  /** Disposes every model (at process shutdown). */
  async dispose(): Promise<void> {
    const models = [...this.models.values()];
    this.models.clear();
    for (const model of await Promise.allSettled(models)) if (model.status === 'fulfilled') model.value.dispose();
  }
}
