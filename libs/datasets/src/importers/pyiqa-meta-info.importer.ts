import { type DatasetFormat } from './dataset-format';
import { pyiqaFullReferenceLayout, pyiqaNoReferenceLayout } from './pyiqa-layouts';

/**
 * Any pyiqa `meta_info_*.csv`: full-reference `ref_name,dist_name,mos|dmos[,std]` or no-reference
 * `img_name,mos[,std]`, extra columns ignored. Scale and direction are not in the file: the caller
 * gives `facts`.
 */
export const pyiqaMetaInfoFormat: DatasetFormat<'pyiqa-meta-info'> = {
  id: 'pyiqa-meta-info',
  title: 'Generic pyiqa meta_info CSV',
  tableFile: 'meta_info_<Name>Dataset.csv',
  layouts: [
    pyiqaFullReferenceLayout('mos', 'optional', true),
    pyiqaFullReferenceLayout('dmos', 'optional', true),
    pyiqaNoReferenceLayout('optional', true),
  ],
  facts: null,
  imageRootHint: "pyiqa's `dataroot_target` for that dataset",
};
