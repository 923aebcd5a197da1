'use client';

import { useActionState, useState, type ChangeEvent } from 'react';
import type { NewRunTeamView, RunAttackView } from '../../../lib/api';
import { rangeLabel, type ConfigField } from '../../../lib/config-form';
import { createRunAction } from './new-run.actions';
import { emptyNewRunFormState, type NewRunFormState } from './new-run-state';

const SPLIT_OPTIONS = [
  { value: '', label: 'All images' },
  { value: 'TRAIN', label: 'Train' },
  { value: 'VAL', label: 'Validation' },
  { value: 'TEST', label: 'Test' },
];

/** The new-run form: team → model / dataset, attack → its generated config form; the API's refusals shown on their field. */
export function NewRunForm({ teams, attacks, initialTeamId }: { teams: NewRunTeamView[]; attacks: RunAttackView[]; initialTeamId: string }) {
  const [state, action, pending] = useActionState<NewRunFormState, FormData>(createRunAction, emptyNewRunFormState);
  return (
    <form action={action} className="new-run" noValidate aria-label="New run">
      <FormBody key={state.attempt} state={state} teams={teams} attacks={attacks} initialTeamId={initialTeamId} pending={pending} />
    </form>
  );
}

function FormBody({ state, teams, attacks, initialTeamId, pending }: { state: NewRunFormState; teams: NewRunTeamView[]; attacks: RunAttackView[]; initialTeamId: string; pending: boolean }) {
  const kept = state.values;
  const [teamId, setTeamId] = useState(kept['teamId'] ?? initialTeamId);
  const [attackId, setAttackId] = useState(kept['attackId'] ?? attacks[0]?.id ?? '');
  const team = teams.find((t) => t.id === teamId) ?? teams[0];
  const attack = attacks.find((a) => a.id === attackId);
  // The kept values belong to the attack they were submitted with; another attack starts from its defaults.
  const keptConfig = state.attempt > 0 && kept['attackId'] === attackId ? kept : null;
  const knownFields = new Set(['teamId', 'name', 'modelId', 'datasetId', 'split', 'attackId', ...(attack?.groups.flatMap((g) => g.fields.map((f) => f.name)) ?? [])]);
  const errorFor = (name: string) => (state.message && state.field === name ? state.message : null);
  const generalError = state.message && !(state.field && knownFields.has(state.field)) ? state.message : null;

  return (
    <>
      <fieldset className="panel">
        <legend>What to attack</legend>
        <div className="grid-fields wide">
          <Select name="teamId" label="Team" value={teamId} onChange={setTeamId} options={teams.map((t) => ({ value: t.id, label: t.name }))} error={errorFor('teamId')} />
          <div className="field">
            <label htmlFor="run-name">Name (optional)</label>
            <input id="run-name" name="name" type="text" maxLength={200} defaultValue={kept['name'] ?? ''} aria-invalid={errorFor('name') ? true : undefined} aria-describedby={errorFor('name') ? 'name-error' : undefined} />
            <FieldError id="name-error" message={errorFor('name')} />
          </div>
          <Select key={`model-${teamId}`} name="modelId" label="Model" defaultValue={kept['modelId']} options={team?.models.map((m) => ({ value: m.id, label: m.label })) ?? []} empty="This team has no models" error={errorFor('modelId')} />
          <Select key={`dataset-${teamId}`} name="datasetId" label="Dataset" defaultValue={kept['datasetId']} options={team?.datasets.map((d) => ({ value: d.id, label: d.label })) ?? []} empty="This team has no datasets" error={errorFor('datasetId')} />
          <Select name="split" label="Split" defaultValue={kept['split'] ?? ''} options={SPLIT_OPTIONS} error={errorFor('split')} />
          <Select name="attackId" label="Attack" value={attackId} onChange={setAttackId} options={attacks.map((a) => ({ value: a.id, label: a.name }))} error={errorFor('attackId')} />
        </div>
      </fieldset>

      {attack ? (
        <fieldset className="panel" key={attack.id} aria-describedby="attack-about">
          <legend>{attack.name} configuration</legend>
          <div id="attack-about" className="attack-about">
            <p className="muted">
              {attack.facts}
              {attack.paper ? (
                <>
                  {' · '}
                  {attack.paper.url ? (
                    <a href={attack.paper.url} target="_blank" rel="noreferrer">
                      {attack.paper.title}
                    </a>
                  ) : (
                    attack.paper.title
                  )}
                </>
              ) : null}
            </p>
            <p className="hint">Defaults: {attack.defaultsNote}</p>
          </div>
          {attack.groups.map((group) => (
            <div key={group.key ?? '_'} className={group.title ? 'config-group' : undefined} role={group.title ? 'group' : undefined} aria-label={group.title ?? undefined}>
              {group.title ? <h3>{group.title}</h3> : null}
              <div className="grid-fields">
                {group.fields.map((field) => (
                  <ConfigInput key={field.name} field={field} kept={keptConfig} error={errorFor(field.name)} />
                ))}
              </div>
            </div>
          ))}
        </fieldset>
      ) : null}

      {generalError ? (
        <p className="form-error" role="alert">
          {generalError}
        </p>
      ) : null}
      <button type="submit" className="button primary" disabled={pending}>
        {pending ? 'Starting…' : 'Start run'}
      </button>
    </>
  );
}

function FieldError({ id, message }: { id: string; message: string | null }) {
  return message ? (
    <p id={id} className="field-error" role="alert">
      {message}
    </p>
  ) : null;
}

function Select(props: { name: string; label: string; options: Array<{ value: string; label: string }>; value?: string; onChange?: (value: string) => void; defaultValue?: string | undefined; empty?: string; error: string | null }) {
  const id = `field-${props.name}`;
  const errorId = `${id}-error`;
  // Uncontrolled (defaultValue) even where the form follows the choice: React's reset after a form action returns
  // a select to its default option, so the default must be the chosen one.
  const control = props.onChange
    ? { defaultValue: props.value, onChange: (event: ChangeEvent<HTMLSelectElement>) => props.onChange?.(event.target.value) }
    : { defaultValue: props.defaultValue ?? props.options[0]?.value };
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} name={props.name} {...control} aria-invalid={props.error ? true : undefined} aria-describedby={props.error ? errorId : undefined}>
        {props.options.length === 0 ? <option value="">{props.empty ?? '—'}</option> : null}
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldError id={errorId} message={props.error} />
    </div>
  );
}

function ConfigInput({ field, kept, error }: { field: ConfigField; kept: Record<string, string> | null; error: string | null }) {
  const id = `field-${field.name.replace(/\./g, '-')}`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hintId, error ? errorId : null].filter(Boolean).join(' ');
  const value = kept ? (kept[field.name] ?? '') : field.defaultValue;
  const range = field.kind === 'number' || field.kind === 'integer' ? rangeLabel(field) : '';
  const hint = (
    <p id={hintId} className="hint">
      paper default: <span className="nowrap">{field.paperDefault || '—'}</span>
      {range ? ` · ${range}` : ''}
      {field.kind === 'numbers' ? ' · comma-separated' : ''}
    </p>
  );
  const invalid = error ? true : undefined;
  if (field.kind === 'boolean') {
    const checked = kept ? field.name in kept : field.defaultValue === 'true';
    return (
      <div className="field checkbox">
        <label htmlFor={id}>
          <input id={id} name={field.name} type="checkbox" value="true" defaultChecked={checked} aria-invalid={invalid} aria-describedby={describedBy} /> {field.label}
        </label>
        {hint}
        <FieldError id={errorId} message={error} />
      </div>
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{field.label}</label>
      {field.kind === 'enum' ? (
        <select id={id} name={field.name} defaultValue={value} aria-invalid={invalid} aria-describedby={describedBy}>
          {(field.options ?? []).map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          name={field.name}
          type={field.kind === 'number' || field.kind === 'integer' ? 'number' : 'text'}
          inputMode={field.kind === 'integer' ? 'numeric' : field.kind === 'number' ? 'decimal' : undefined}
          step={field.kind === 'integer' ? 1 : field.kind === 'number' ? 'any' : undefined}
          min={field.min}
          max={field.max}
          defaultValue={value}
          aria-invalid={invalid}
          aria-describedby={describedBy}
        />
      )}
      {hint}
      <FieldError id={errorId} message={error} />
    </div>
  );
}
