import { type DatasetFormat } from './dataset-format';
import { PYIQA_META_INFO_SOURCE, pyiqaFullReferenceLayout } from './pyiqa-layouts';

/** pyiqa's `meta_info_KADID10kDataset.csv` (10,125 distorted images of 81 references). */
export const kadid10kFormat: DatasetFormat<'kadid10k'> = {
  id: 'kadid10k',
  title: 'KADID-10k (pyiqa meta_info)',
  tableFile: 'meta_info_KADID10kDataset.csv',
  layouts: [pyiqaFullReferenceLayout('dmos', 'required', false)],
  facts: {
    name: 'KADID-10k',
    version: '1',
    mosRange: [1, 5],
    lowerBetter: false,
    provenance: {
      source: `KADID-10k (Lin, Hosu, Saupe, QoMEX 2019); ${PYIQA_META_INFO_SOURCE}`,
      licence:
        'KADID-10k database terms (research use; reference images from Pixabay). Check the terms before redistributing. Table: CC BY-NC-SA 4.0 (pyiqa).',
      url: 'http://database.mmsp-kn.de/kadid-10k-database.html',
      labelTransform:
        'the "dmos" column as published: despite its name a MOS on 1–5, higher = better (as in KADID\'s dmos.csv); mosStd = std as published.',
    },
  },
  imageRootHint: 'the `kadid10k/images/` folder (distorted `dist_name` files; the references in it are not scored)',
};
