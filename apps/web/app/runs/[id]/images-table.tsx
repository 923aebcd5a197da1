import Link from 'next/link';
import { VirtualRows } from './virtual-rows';
import { imagesHref, isFilteredTable, sortHref, VISIBILITIES, type ImageOrderField, type ImageTableQuery, type RunDetailView } from '../../../lib/api';

const VISIBILITY_LABELS: Record<(typeof VISIBILITIES)[number], string> = { VISIBLE: 'Rated visible', NOT_VISIBLE: 'Rated not visible', NOT_RATED: 'Not rated yet' };
const ORDER_LABELS: Record<ImageOrderField, string> = { KEY: 'key', MOS: 'MOS', CLEAN_SCORE: 'clean score', ATTACKED_SCORE: 'attacked score', SCORE_CHANGE: 'score change', RANK_MOVED: 'rank moved' };

/**
 * The per-image table: sort by column header and filters in a GET form (both in the URL, applied by the API); the rows
 * are windowed (VirtualRows) over the API's cursor pages, so a run of thousands of images stays responsive.
 */
export function ImagesTable({ run, query }: { run: RunDetailView; query: ImageTableQuery }) {
  const sort = query.sort ?? 'KEY';
  const direction = query.dir === 'desc' ? 'descending' : 'ascending';
  const filtered = isFilteredTable(query);
  const header = (field: ImageOrderField, label: string) => (
    <th scope="col" aria-sort={sort === field ? direction : undefined}>
      <Link href={sortHref(run.id, query, field)} className="sort-link" aria-label={`Sort by ${field === 'MOS' ? run.mosLabel : ORDER_LABELS[field]}${sort === field ? ` (now ${direction})` : ''}`}>
        {label}
        {sort === field ? (query.dir === 'desc' ? ' ▼' : ' ▲') : ''}
      </Link>
    </th>
  );
  const noun = `image${run.imageTotal === 1 ? '' : 's'}`;
  const rowsUrl = `${imagesHref(run.id, { ...query, after: undefined }).replace(/^\/runs\/([^?]+)/, '/runs/$1/rows')}`;
  return (
    <section aria-labelledby="images-title" id="images">
      <h2 id="images-title">Images</h2>
      <form key={imagesHref(run.id, query)} method="get" action={`/runs/${encodeURIComponent(run.id)}#images`} className="filters" aria-label="Filter images">
        {query.sort ? <input type="hidden" name="sort" value={query.sort} /> : null}
        {query.dir ? <input type="hidden" name="dir" value={query.dir} /> : null}
        <div className="field inline">
          <label htmlFor="filter-mos-min">{run.mosLabel} from</label>
          <input id="filter-mos-min" name="mosMin" type="number" step="any" size={6} defaultValue={query.mosMin ?? ''} />
        </div>
        <div className="field inline">
          <label htmlFor="filter-mos-max">{run.mosLabel} to</label>
          <input id="filter-mos-max" name="mosMax" type="number" step="any" size={6} defaultValue={query.mosMax ?? ''} />
        </div>
        <div className="field inline">
          <label htmlFor="filter-delta">|Δ score| &gt;</label>
          <input id="filter-delta" name="deltaGt" type="number" step="any" min={0} size={6} defaultValue={query.deltaGt ?? ''} />
        </div>
        <div className="field inline">
          <label htmlFor="filter-rank">Rank moved &gt;</label>
          <input id="filter-rank" name="rankGt" type="number" step="any" min={0} size={6} defaultValue={query.rankGt ?? ''} />
        </div>
        <div className="field inline">
          <label htmlFor="filter-vis">Visibility</label>
          <select id="filter-vis" name="vis" defaultValue={query.vis ?? ''}>
            <option value="">Any</option>
            {VISIBILITIES.map((v) => (
              <option key={v} value={v}>
                {VISIBILITY_LABELS[v]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          Apply filters
        </button>
        {filtered ? <Link href={imagesHref(run.id, { sort: query.sort, dir: query.dir }, true)}>Clear filters</Link> : null}
      </form>
      <p className="muted" aria-live="polite">
        {run.imageTotal} {noun}
        {filtered ? (run.imageTotal === 1 ? ' matches the filters' : ' match the filters') : ''}, by {sort === 'MOS' ? run.mosLabel : ORDER_LABELS[sort]}
        {query.dir === 'desc' ? ', descending' : ''}
.
      </p>
      {run.images.length === 0 ? (
        <p className="empty">
          No image matches these filters. <Link href={imagesHref(run.id, {}, true)}>Show every image</Link>
        </p>
      ) : (
        <VirtualRows
          key={rowsUrl}
          rowsUrl={rowsUrl}
          caption="Per-image scores of this run"
          initialRows={run.images}
          total={run.imageTotal}
          nextCursor={run.imagesNextCursor}
          head={
            <tr aria-rowindex={1}>
              {header('KEY', 'Image')}
              {header('MOS', run.mosLabel)}
              {header('CLEAN_SCORE', 'Clean')}
              {header('ATTACKED_SCORE', 'Attacked')}
              {header('SCORE_CHANGE', 'Δ')}
              {header('RANK_MOVED', 'Rank moved')}
            </tr>
          }
        />
      )}
    </section>
  );
}
