'use client';

import { useActionState, useState } from 'react';
import type { NewRunTeamView } from '../../../lib/api';
import { createSweepAction } from './sweep.actions';
import { emptySweepFormState, type SweepFormState } from './sweep-form-state';

export interface SweepAttackOption {
  id: string;
  name: string;
  parameters: Array<{ name: string; label: string; paperDefault: string }>;
}

const SPLIT_OPTIONS = [
  { value: '', label: 'All images' },
  { value: 'TRAIN', label: 'Train' },
  { value: 'VAL', label: 'Validation' },
  { value: 'TEST', label: 'Test' },
];

/**
 * The budget-sweep form: team → model / dataset, attack → its numeric budget parameters, and the values to run.
 * Every select is uncontrolled (defaultValue, onChange feeding state): React resets a form after its action, which
 * returns a select to its default option, so the default must be the chosen one.
 */
export function SweepForm({ teams, attacks, initialTeamId }: { teams: NewRunTeamView[]; attacks: SweepAttackOption[]; initialTeamId: string }) {
  const [state, action, pending] = useActionState<SweepFormState, FormData>(createSweepAction, emptySweepFormState);
  return (
    <form action={action} className="new-run" noValidate aria-label="New budget sweep">
      <FormBody key={state.attempt} state={state} teams={teams} attacks={attacks} initialTeamId={initialTeamId} pending={pending} />
    </form>
  );
}

function FormBody({ state, teams, attacks, initialTeamId, pending }: { state: SweepFormState; teams: NewRunTeamView[]; attacks: SweepAttackOption[]; initialTeamId: string; pending: boolean }) {
  const kept = state.values;
  const [teamId, setTeamId] = useState(kept['teamId'] ?? initialTeamId);
  const [attackId, setAttackId] = useState(kept['attackId'] ?? attacks.find((a) => a.parameters.length)?.id ?? '');
  const team = teams.find((t) => t.id === teamId) ?? teams[0];
  const attack = attacks.find((a) => a.id === attackId);
  const errorFor = (name: string) => (state.message && state.field === name ? state.message : null);
  const known = new Set(['teamId', 'name', 'modelId', 'datasetId', 'split', 'attackId', 'parameter', 'values']);
  const general = state.message && !(state.field && known.has(state.field)) ? state.message : null;
  const parameter = attack?.parameters.find((p) => p.name === (kept['parameter'] ?? '')) ?? attack?.parameters.find((p) => p.name === 'epsilon') ?? attack?.parameters[0];

  return (
    <>
      <fieldset className="panel">
        <legend>What to attack</legend>
        <div className="grid-fields wide">
          <Field name="teamId" label="Team" error={errorFor('teamId')}>
            {(props) => (
              <select {...props} defaultValue={teamId} onChange={(event) => setTeamId(event.target.value)}>
                {teams.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="name" label="Name (optional)" error={errorFor('name')}>
            {(props) => <input {...props} type="text" maxLength={200} defaultValue={kept['name'] ?? ''} />}
          </Field>
          <Field name="modelId" label="Model" error={errorFor('modelId')}>
            {(props) => <Options key={`model-${teamId}`} props={props} defaultValue={kept['modelId']} options={team?.models ?? []} empty="This team has no models" />}
          </Field>
          <Field name="datasetId" label="Dataset" error={errorFor('datasetId')}>
            {(props) => <Options key={`dataset-${teamId}`} props={props} defaultValue={kept['datasetId']} options={team?.datasets ?? []} empty="This team has no datasets" />}
          </Field>
          <Field name="split" label="Split" error={errorFor('split')}>
            {(props) => <Options props={props} defaultValue={kept['split'] ?? ''} options={SPLIT_OPTIONS.map((o) => ({ id: o.value, label: o.label }))} empty="" />}
          </Field>
          <Field name="attackId" label="Attack" error={errorFor('attackId')}>
            {(props) => (
              <select {...props} defaultValue={attackId} onChange={(event) => setAttackId(event.target.value)}>
                {attacks.map((a) => (
                  <option key={a.id} value={a.id} disabled={a.parameters.length === 0}>
                    {a.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      </fieldset>
      <fieldset className="panel" key={attackId}>
        <legend>Budget</legend>
        <p className="hint budget-hint">One run per value; every other setting takes the paper’s defaults.</p>
        <div className="grid-fields wide">
          <Field name="parameter" label="Parameter" error={errorFor('parameter')} hint={parameter ? `paper default: ${parameter.paperDefault}` : undefined}>
            {(props) => (
              <select {...props} defaultValue={parameter?.name ?? ''}>
                {(attack?.parameters ?? []).map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="values" label="Values" error={errorFor('values')} hint="2 to 12 positive numbers, comma-separated, e.g. 0.002, 0.004, 0.008">
            {(props) => <input {...props} type="text" inputMode="decimal" defaultValue={kept['values'] ?? ''} placeholder="0.002, 0.004, 0.008" />}
          </Field>
        </div>
      </fieldset>
      {general ? (
        <p className="form-error" role="alert">
          {general}
        </p>
      ) : null}
      <p>
        <button type="submit" className="button primary" disabled={pending}>
          {pending ? 'Starting…' : 'Start sweep'}
        </button>
      </p>
    </>
  );
}

type ControlProps = { id: string; name: string; 'aria-invalid'?: true; 'aria-describedby'?: string };

function Field({ name, label, error, hint, children }: { name: string; label: string; error: string | null; hint?: string | undefined; children: (props: ControlProps) => React.ReactNode }) {
  const id = `sweep-${name}`;
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, name, ...(error ? { 'aria-invalid': true as const } : {}), ...(described ? { 'aria-describedby': described } : {}) })}
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function Options({ props, defaultValue, options, empty }: { props: ControlProps; defaultValue: string | undefined; options: Array<{ id: string; label: string }>; empty: string }) {
  if (!options.length && empty) {
    return (
      <select {...props} disabled>
        <option value="">{empty}</option>
      </select>
    );
  }
  return (
    <select {...props} defaultValue={defaultValue}>
      {options.map((o) => (
        <option key={o.id} value={o.id}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
