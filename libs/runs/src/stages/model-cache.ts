import { withArtifactFile, type ArtifactStore } from '@rankfall/db';
import { createIqaModel, type IqaModel } from '@rankfall/iqa-models';

export interface ModelRow {
  id: string;
  catalogId: string;
  weightsArtifact: { key: string; sha256: string } | null;
}

/**
 * Models built once per process and kept while the process runs jobs (building one reads and checks its
 * weights). The weights come from the artifact store as a file (`withArtifactFile`: a local store's own file,
 * or a temporary copy that lives while the model is built).
 */
export class ModelCache {
  private readonly models = new Map<string, Promise<IqaModel>>();

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

  private build(store: ArtifactStore, row: ModelRow): Promise<IqaModel> {
    const weights = row.weightsArtifact;
    return weights ? withArtifactFile(store, weights.key, (path) => createIqaModel(row.catalogId, { weights: path })) : createIqaModel(row.catalogId, {});
  }

  /** Disposes every model (at process shutdown). */
  async dispose(): Promise<void> {
    const models = [...this.models.values()];
    this.models.clear();
    for (const model of await Promise.allSettled(models)) if (model.status === 'fulfilled') model.value.dispose();
  }
}
