/**
 * The new-run form's attack config, generated from the attack's JSON Schema (the API's `runAttacks.configSchema`)
 * and prefilled with its `defaultConfig`. Pure: the page builds the fields, the server action reads a submission
 * back into a config (only the values that differ from the paper's defaults, so the API fills in the rest).
 */

export type ConfigFieldKind = 'number' | 'integer' | 'enum' | 'boolean' | 'numbers' | 'text';

export interface ConfigField {
  /** The form field's name and the API's `extensions.field` for it: `config.steps`, `config.stage1.iterations`. */
  name: string;
  path: string[];
  label: string;
  kind: ConfigFieldKind;
  min?: number;
  max?: number;
  /** True when min/max are exclusive bounds. */
  exclusive?: { min: boolean; max: boolean };
  options?: string[];
  /** The prefilled value, as the input holds it (a checkbox: 'true' / 'false'). */
  defaultValue: string;
  /** The paper default, as shown beside the field. */
  paperDefault: string;
}

export interface ConfigGroup {
  /** null for the attack's top-level fields; else the nested object's key (SMA: stage1, stage2). */
  key: string | null;
  title: string | null;
  fields: ConfigField[];
}

type Json = unknown;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
/** Bounds as large as 2^53 are zod's "any safe integer": no real limit worth showing. */
const bound = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < Number.MAX_SAFE_INTEGER ? value : undefined);

/** "stage1" → "Stage 1", "softRankEps" → "soft rank eps" (labels keep the schema's key recognisable). */
export function labelOf(key: string): string {
  const stage = /^stage(\d+)$/.exec(key);
  if (stage) return `Stage ${stage[1]}`;
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

function display(value: Json): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => String(v)).join(', ');
  return String(value);
}

function fieldOf(path: string[], schema: Record<string, unknown>, fallback: Json): ConfigField {
  const value = fallback !== undefined ? fallback : schema['default'];
  const base = { name: ['config', ...path].join('.'), path, label: labelOf(path[path.length - 1] ?? ''), defaultValue: display(value), paperDefault: display(value) };
  const options = Array.isArray(schema['enum']) ? schema['enum'].map(String) : null;
  if (options) return { ...base, kind: 'enum', options };
  if (schema['type'] === 'boolean') return { ...base, kind: 'boolean', defaultValue: value === true ? 'true' : 'false' };
  if (schema['type'] === 'number' || schema['type'] === 'integer') {
    const exclusiveMin = bound(schema['exclusiveMinimum']);
    const exclusiveMax = bound(schema['exclusiveMaximum']);
    const min = exclusiveMin ?? bound(schema['minimum']);
    const max = exclusiveMax ?? bound(schema['maximum']);
    return {
      ...base,
      kind: schema['type'],
      ...(min !== undefined ? { min } : {}),
      ...(max !== undefined ? { max } : {}),
      ...(exclusiveMin !== undefined || exclusiveMax !== undefined ? { exclusive: { min: exclusiveMin !== undefined, max: exclusiveMax !== undefined } } : {}),
    };
  }
  if (schema['type'] === 'array') {
    const items = isRecord(schema['items']) ? schema['items'] : Array.isArray(schema['prefixItems']) && isRecord(schema['prefixItems'][0]) ? schema['prefixItems'][0] : null;
    if (items && (items['type'] === 'number' || items['type'] === 'integer')) return { ...base, kind: 'numbers' };
  }
  return { ...base, kind: 'text' };
}

/** The form's groups for one attack: top-level fields first, then one group per nested object (SMA's stage1, stage2). */
export function toConfigForm(configSchema: Json, defaultConfig: Json): ConfigGroup[] {
  const properties = isRecord(configSchema) && isRecord(configSchema['properties']) ? configSchema['properties'] : {};
  const defaults = isRecord(defaultConfig) ? defaultConfig : {};
  const top: ConfigGroup = { key: null, title: null, fields: [] };
  const nested: ConfigGroup[] = [];
  for (const [key, raw] of Object.entries(properties)) {
    if (!isRecord(raw)) continue;
    if (raw['type'] === 'object' && isRecord(raw['properties'])) {
      const groupDefaults = isRecord(defaults[key]) ? defaults[key] : {};
      const fields = Object.entries(raw['properties']).flatMap(([child, childSchema]) => (isRecord(childSchema) ? [fieldOf([key, child], childSchema, groupDefaults[child])] : []));
      nested.push({ key, title: labelOf(key), fields });
    } else {
      top.fields.push(fieldOf([key], raw, defaults[key]));
    }
  }
  return top.fields.length ? [top, ...nested] : nested;
}

export type ConfigReading = { ok: true; config: Record<string, unknown> } | { ok: false; field: string; message: string };

/**
 * A submission back into a config: each field parsed by its kind, and kept only where it differs from the prefilled
 * default (an emptied field also falls back to the default). Malformed numbers are refused here, naming the field;
 * range checks are the API's (its BAD_USER_INPUT names the field too).
 */
export function readConfig(groups: readonly ConfigGroup[], get: (name: string) => string | null): ConfigReading {
  const config: Record<string, unknown> = {};
  for (const field of groups.flatMap((group) => group.fields)) {
    const raw = get(field.name);
    let value: unknown;
    if (field.kind === 'boolean') {
      const checked = raw !== null && raw !== '' && raw !== 'false';
      if ((checked ? 'true' : 'false') === field.defaultValue) continue;
      value = checked;
    } else {
      const text = (raw ?? '').trim();
      if (text === '' || text === field.defaultValue) continue;
      if (field.kind === 'number' || field.kind === 'integer') {
        value = Number(text);
        if (!Number.isFinite(value)) return { ok: false, field: field.name, message: `${field.label}: enter a number` };
      } else if (field.kind === 'numbers') {
        const parts = text.split(/[\s,]+/).filter(Boolean).map(Number);
        if (parts.some((n) => !Number.isFinite(n))) return { ok: false, field: field.name, message: `${field.label}: enter numbers separated by commas` };
        if (parts.join(', ') === field.defaultValue) continue;
        value = parts;
      } else {
        value = text;
      }
    }
    let target = config;
    for (const segment of field.path.slice(0, -1)) {
      const next = isRecord(target[segment]) ? target[segment] : {};
      target[segment] = next;
      target = next;
    }
    target[field.path[field.path.length - 1] ?? field.name] = value;
  }
  return { ok: true, config };
}

/** "1 … 100000", "> 0", "" — the range beside a number field. */
export function rangeLabel(field: ConfigField): string {
  const { min, max, exclusive } = field;
  if (min !== undefined && max !== undefined && !exclusive) return `${min} … ${max}`;
  const parts = [min !== undefined ? `${exclusive?.min ? '>' : '≥'} ${min}` : null, max !== undefined ? `${exclusive?.max ? '<' : '≤'} ${max}` : null].filter(Boolean);
  return parts.join(', ');
}
