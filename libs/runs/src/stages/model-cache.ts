import { withArtifactFile, type ArtifactStore } from '@rankfall/db';
import { createIqaModel, defendModel, type DefenseSpec, type IqaModel } from '@rankfall/iqa-models';
import { runDefenseSchema } from '../run-defense-config';

export interface ModelRow {
  id: string;
  catalogId: string;
  weightsArtifact: { key: string; sha256: string } | null;
}

/** A run's defense as the model cache applies it. */
export interface RunModelDefense {
  readonly spec: DefenseSpec;
  readonly options: { readonly gradient: 'exact' | 'bpda' | 'eot'; readonly eotSamples: number; readonly seed: number };
}

/** The defense stored on a run's config (`config.defense`, validated when the run was created), or null. */
export function runDefenseOf(run: { readonly config: unknown; readonly seed: number }): RunModelDefense | null {
  const raw = (run.config as { defense?: unknown } | null)?.defense;
  if (raw === undefined || raw === null) return null;
  const { kind, params, gradient, eotSamples } = runDefenseSchema.parse(raw);
  return { spec: { kind, params } as DefenseSpec, options: { gradient, eotSamples, seed: run.seed } };
}

/**
 * Models built once per process and kept while the process runs jobs (building one reads and checks its
 * weights). The weights come from the artifact store as a file (`withArtifactFile`: a local store's own file,
 * or a temporary copy that lives while the model is built).
 */
export class ModelCache {
  private readonly models = new Map<string, Promise<IqaModel>>();

  /**
   * The model of `row`; behind its defense when the run has one (`runDefenseOf`): the cached model is the undefended
   * one, the wrapper is cheap and made per call.
   */
  get(store: ArtifactStore, row: ModelRow, defense?: RunModelDefense | null): Promise<IqaModel> {
    const model = this.base(store, row);
    return defense ? model.then((base) => defendModel(base, defense.spec, defense.options)) : model;
  }

  private base(store: ArtifactStore, row: ModelRow): Promise<IqaModel> {
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
