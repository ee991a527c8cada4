/** Codes of expected console failures; hosts map them to HTTP statuses and CLI exit lines. */
export type AdminErrorCode = 'not-found' | 'conflict' | 'invalid' | 'refused';

/** An expected failure of a console or CLI operation; its message is a full sentence with a next step. */
export class AdminError extends Error {
  readonly code: AdminErrorCode;

  constructor(code: AdminErrorCode, message: string) {
    super(message);
    this.name = 'AdminError';
    this.code = code;
  }
}
