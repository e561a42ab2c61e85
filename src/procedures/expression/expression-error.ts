import { WarroomError } from '../../core/errors.js';

/**
 * A syntax error in an expression or a template, with the 1-based column inside the source. The procedure
 * validator adds the YAML position of the field, so a person sees `file:line:col field: message`.
 */
export class ExpressionError extends WarroomError {
  /** 1-based column inside the expression text. */
  readonly column: number;
  /** The message without the column suffix, as the validator reports it. */
  readonly reason: string;

  constructor(reason: string, source: string, offset: number) {
    const column = offset + 1;
    super('validation_failed', `${reason} at column ${column}`, {
      detail: `${source}\n${' '.repeat(Math.max(0, offset))}^`,
    });
    this.name = 'ExpressionError';
    this.reason = reason;
    this.column = column;
  }
}
