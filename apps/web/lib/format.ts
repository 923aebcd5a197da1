/** Number and date formatting for the views: deterministic (no locale, UTC) so server and tests agree. */

/** `digits` decimals; `signed` puts + before positive values; − (U+2212) for negatives. */
export function formatNumber(value: number, digits: number, signed = false): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '∞' : '−∞';
  const rounded = Number(value.toFixed(digits));
  const text = Math.abs(rounded).toFixed(digits);
  if (rounded < 0) return `−${text}`;
  return signed && rounded > 0 ? `+${text}` : text;
}

/** 0..1 → "42 %" (clamped). */
export function formatPercent(fraction: number): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  return `${Math.floor(clamped * 100)} %`;
}

/** ISO date-time → "2026-12-02 15:45 UTC"; anything unparsable is shown as given. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
