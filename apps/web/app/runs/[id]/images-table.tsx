import Link from 'next/link';
import { IMAGE_PAGE_SIZE, imagesHref, isFilteredTable, sortHref, VISIBILITIES, type ImageOrderField, type ImageTableQuery, type RunDetailView } from '../../../lib/api';

const VISIBILITY_LABELS: Record<(typeof VISIBILITIES)[number], string> = { VISIBLE: 'Rated visible', NOT_VISIBLE: 'Rated not visible', NOT_RATED: 'Not rated yet' };
const ORDER_LABELS: Record<ImageOrderField, string> = { KEY: 'key', MOS: 'MOS', CLEAN_SCORE: 'clean score', ATTACKED_SCORE: 'attacked score', SCORE_CHANGE: 'score change', RANK_MOVED: 'rank moved' };

/** The per-image table: sort by column header, filters in a GET form, 50 rows a page with a cursor link; all in the URL. */
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
        {run.imageTotal > run.images.length ? `; ${run.images.length} on this page` : ''}.
      </p>
      {run.images.length === 0 ? (
        <p className="empty">
          No image matches these filters. <Link href={imagesHref(run.id, {}, true)}>Show every image</Link>
        </p>
      ) : (
        <div className="table-scroll" role="region" aria-label="Per-image scores, scrollable" tabIndex={0}>
          <table className="data numeric">
            <caption className="visually-hidden">Per-image scores of this run</caption>
            <thead>
              <tr>
                {header('KEY', 'Image')}
                {header('MOS', run.mosLabel)}
                {header('CLEAN_SCORE', 'Clean')}
                {header('ATTACKED_SCORE', 'Attacked')}
                {header('SCORE_CHANGE', 'Δ')}
                {header('RANK_MOVED', 'Rank moved')}
              </tr>
            </thead>
            <tbody>
              {run.images.map((image) => (
                <tr key={image.imageId}>
                  <th scope="row">
                    <Link href={image.href}>{image.key}</Link>
                  </th>
                  <td>{image.mos}</td>
                  <td>{image.clean}</td>
                  <td>{image.attacked}</td>
                  <td>{image.delta}</td>
                  <td>{image.rankMoved}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {query.after || run.imagesNextCursor ? (
        <p className="pager">
          {query.after ? <Link href={imagesHref(run.id, { ...query, after: undefined }, true)}>← First page</Link> : null}
          {run.imagesNextCursor ? <Link href={imagesHref(run.id, { ...query, after: run.imagesNextCursor }, true)}>Next {IMAGE_PAGE_SIZE} images →</Link> : null}
        </p>
      ) : null}
    </section>
  );
}
