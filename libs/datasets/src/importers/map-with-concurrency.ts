/**
 * Maps `items` through an async function with at most `limit` calls in flight; results keep the
 * input order. The first rejection rejects the whole map (calls already started still finish).
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(Math.floor(limit), items.length)) }, worker);
  await Promise.all(workers);
  return results;
}
