import { z } from 'zod';
import { imageKeyField, nameField, numberField, optionalStdField } from './table-fields';
import { type TableLayout } from './table-layout';

/** Provenance note shared by every table taken from pyiqa's `meta_info` folder. */
export const PYIQA_META_INFO_SOURCE =
  "pyiqa meta_info table (chaofengc/IQA-PyTorch@7c4ac4a, pyiqa/data/meta_info; that commit's licence: CC BY-NC-SA 4.0)";

type StdColumn = 'required' | 'optional' | 'none';

function stdShape(std: StdColumn): Record<string, z.ZodType> {
  if (std === 'none') return {};
  return { std: std === 'required' ? optionalStdField() : optionalStdField().optional() };
}

/** pyiqa full-reference form: `ref_name,dist_name,<score>[,std]`; the key is `dist_name`. */
export function pyiqaFullReferenceLayout(scoreColumn: 'mos' | 'dmos', std: StdColumn, allowExtra: boolean): TableLayout {
  const shape: Record<string, z.ZodType> = {
    ref_name: nameField(),
    dist_name: imageKeyField(),
    [scoreColumn]: numberField(),
    ...stdShape(std),
  };
  const row = z.object(shape).transform((values) => {
    // The shape above validated these fields; zod cannot type a computed key.
    const r = values as { ref_name: string; dist_name: string; std?: number | null } & Record<string, unknown>;
    return { key: r.dist_name, mos: r[scoreColumn] as number, mosStd: r.std ?? null, split: null, reference: r.ref_name };
  });
  return {
    required: ['ref_name', 'dist_name', scoreColumn, ...(std === 'required' ? ['std'] : [])],
    optional: std === 'optional' ? ['std'] : [],
    allowExtra,
    keyColumn: 'dist_name',
    scoreColumn,
    row,
  };
}

/** pyiqa no-reference form: `img_name,mos[,std]`. */
export function pyiqaNoReferenceLayout(std: StdColumn, allowExtra: boolean): TableLayout {
  const row = z
    .object({ img_name: imageKeyField(), mos: numberField(), ...stdShape(std) })
    .transform((r) => ({
      key: r.img_name,
      mos: r.mos,
      mosStd: (r as { std?: number | null }).std ?? null,
      split: null,
      reference: null,
    }));
  return {
    required: ['img_name', 'mos', ...(std === 'required' ? ['std'] : [])],
    optional: std === 'optional' ? ['std'] : [],
    allowExtra,
    keyColumn: 'img_name',
    scoreColumn: 'mos',
    row,
  };
}
