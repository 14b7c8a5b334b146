/**
 * A request of the services the dossier's state refuses (an extension once the deadline fell, a
 * suspension decision with none to decide, a control's amount above the sums paid…): `field` names
 * the request's field, the message says the rule in French (an instructor reads it). Nothing is
 * written.
 */
export class FieldRefusalError extends Error {
  override name = 'FieldRefusalError';
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}
