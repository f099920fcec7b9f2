/**
 * Bad input the user can fix (unknown ref, not a git repository, missing path). The CLI turns errors named
 * InputError into exit code 2 with the message as a one-line reason, so messages name the bad input.
 */
export class InputError extends Error {
  override name = 'InputError';
}
