/** What a team form shows after its server action: a message (an error, or what was done), and a one-time secret. */
export interface TeamActionState {
  status: 'idle' | 'ok' | 'error';
  message: string | null;
  /** A freshly minted API token: shown this once in the answer of the action, never stored or put in a URL. */
  secret?: { name: string; value: string } | undefined;
  /** Bumped on each answer, so a form remounts (and clears its fields) after a success. */
  attempt: number;
}

export const idleTeamActionState: TeamActionState = { status: 'idle', message: null, attempt: 0 };
