import { createHmac } from 'node:crypto';

const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;

/**
 * Replaces identities with stable pseudonyms: the same id always maps to the same `p_…`
 * within one secret, so rows can be grouped by person without saying who they are.
 */
export class Pseudonymizer {
  constructor(private readonly secret: string) {}

  /** The pseudonym of an identity (user id, email, conversation key). */
  of(identity: string): string {
    return `p_${createHmac('sha256', this.secret).update(identity.toLowerCase()).digest('hex').slice(0, 16)}`;
  }

  /** Free text with every email address replaced by its pseudonym. */
  scrub(text: string): string {
    return text.replace(EMAIL, (email) => this.of(email));
  }
}
