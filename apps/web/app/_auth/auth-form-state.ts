/** What the sign-in / sign-up form shows after an attempt: a message, the field it is about, the values to keep. */
export interface AuthFormState {
  message: string | null;
  field: 'email' | 'name' | 'password' | null;
  values: { email: string; name: string };
}

export const emptyAuthFormState: AuthFormState = { message: null, field: null, values: { email: '', name: '' } };
