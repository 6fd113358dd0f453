/**
 * PII detection and masking, with the entity types Microsoft Presidio uses. Each finding
 * is replaced by a placeholder such as `<EMAIL_ADDRESS>` before text reaches a model, a
 * log line, an analytics record or an export.
 */

export type PiiEntity =
  | 'EMAIL_ADDRESS'
  | 'PHONE_NUMBER'
  | 'CREDIT_CARD'
  | 'IBAN_CODE'
  | 'IP_ADDRESS'
  | 'MAC_ADDRESS'
  | 'US_SSN'
  | 'UK_NINO'
  | 'US_PASSPORT'
  | 'PT_NIF'
  | (string & {});

/** A way to find one kind of PII: a pattern, and optionally a check that rules out look-alikes. */
export interface PiiRecognizer {
  entity: PiiEntity;
  pattern: RegExp;
  /** Confirms a candidate (a checksum, a plausible range); absent means every match counts. */
  validate?: (match: string) => boolean;
}

export interface PiiFinding {
  entity: PiiEntity;
  start: number;
  end: number;
  text: string;
}

const digitsOf = (text: string) => text.replace(/\D/g, '');

/** The Luhn checksum credit card numbers carry. */
export function luhnValid(number: string): boolean {
  const digits = digitsOf(number);
  if (digits.length < 12 || digits.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The ISO 13616 mod-97 checksum of an IBAN. */
export function ibanValid(iban: string): boolean {
  const compact = iban.replace(/[\s-]+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

/** Portuguese tax number (NIF) check digit. */
function nifValid(nif: string): boolean {
  const digits = digitsOf(nif);
  if (digits.length !== 9 || !/^[125689]/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (9 - i);
  const check = 11 - (sum % 11);
  return (check >= 10 ? 0 : check) === Number(digits[8]);
}

function ipv4Valid(ip: string): boolean {
  return ip.split('.').every((part) => Number(part) <= 255 && !(part.length > 1 && part.startsWith('0')));
}

function ssnValid(ssn: string): boolean {
  const [area = '', group = '', serial = ''] = ssn.split(/[- ]/);
  return area !== '000' && area !== '666' && !area.startsWith('9') && group !== '00' && serial !== '0000';
}

function phoneValid(phone: string): boolean {
  const digits = digitsOf(phone);
  // Seven digits only as a local number written 555-1234.
  if (digits.length === 7) return /^\d{3}[ .-]\d{4}$/.test(phone);
  return digits.length >= 9 && digits.length <= 15;
}

/** The built-in recognizers, most specific first (an IBAN's digits are not also a phone number). */
export const DEFAULT_RECOGNIZERS: PiiRecognizer[] = [
  {
    entity: 'EMAIL_ADDRESS',
    // Internationalised addresses too: letters and digits of any script.
    pattern:
      /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}(?![\p{L}\p{N}])/giu,
  },
  {
    entity: 'IBAN_CODE',
    pattern: /\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,4})?\b/gi,
    validate: ibanValid,
  },
  { entity: 'CREDIT_CARD', pattern: /\b\d(?:[ ./-]?\d){11,18}\b/g, validate: luhnValid },
  { entity: 'US_SSN', pattern: /\b\d{3}-\d{2}-\d{4}\b/g, validate: ssnValid },
  {
    entity: 'UK_NINO',
    pattern: /\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/gi,
  },
  {
    entity: 'MAC_ADDRESS',
    pattern: /\b[0-9a-f]{2}(?:([:-])[0-9a-f]{2})(?:\1[0-9a-f]{2}){4}\b/gi,
  },
  {
    entity: 'IP_ADDRESS',
    pattern:
      /\b(?:\d{1,3}\.){3}\d{1,3}\b|\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b|\b(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}:?){1,6}\b/gi,
    validate: (ip) => (ip.includes('.') ? ipv4Valid(ip) : true),
  },
  { entity: 'PT_NIF', pattern: /\b(?:NIF:? ?)?[125689]\d{8}\b/gi, validate: nifValid },
  {
    entity: 'US_PASSPORT',
    // "passport X12345678", "passport number is 123456789", "passeport n° AB1234567".
    pattern:
      /\bpass(?:port|eport|aporte)\b(?:[ \t]*(?:number|num|no\.?|nr\.?|n°|#|is|was|id|:)){0,3}[ \t:#]*[A-Z]{0,2}\d{6,9}[A-Z]?\b/gi,
  },
  {
    entity: 'PHONE_NUMBER',
    pattern:
      /(?<![\w+(])(?:\+?\d{1,3}[ .-]?)?(?:\(\d{2,4}\)|\d{2,4})(?:[ .-]?\d{2,4}){2,4}\b|(?<![\w.+-])\d{3}[ .-]\d{4}(?![\w-])/g,
    validate: phoneValid,
  },
];

/** Parses `NAME=regex` pairs (e.g. `EMPLOYEE_ID=\bBW-\d{6}\b`) into company recognizers. */
export function companyRecognizers(specs: string[]): PiiRecognizer[] {
  return specs.map((spec) => {
    const at = spec.indexOf('=');
    if (at <= 0) throw new Error(`PII pattern "${spec}" must look like NAME=regular-expression`);
    const entity = spec.slice(0, at).trim().toUpperCase();
    try {
      return { entity, pattern: new RegExp(spec.slice(at + 1), 'g') };
    } catch (error) {
      throw new Error(`PII pattern ${entity} is not a valid regular expression: ${(error as Error).message}`);
    }
  });
}

/** Digits of other scripts, by the code point of their zero (each block runs 0 to 9). */
const DIGIT_ZEROS = [
  0x0660, 0x06f0, 0x07c0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0b66, 0x0be6, 0x0c66, 0x0ce6, 0x0d66, 0x0e50,
  0x0ed0, 0x0f20, 0x1040, 0xff10,
];

/**
 * Text as the recognizers read it, character for character (so positions still match the
 * original): full-width forms as ASCII (`４１１１`, `＠`), digits of other scripts as 0-9,
 * Unicode spaces as a space and Unicode dashes as a hyphen.
 */
export function normaliseForMatching(text: string): string {
  return text.replace(
    /[\uFF01-\uFF5E\p{Nd}\u00A0\u2000-\u200A\u202F\u205F\u3000\u2010-\u2015\u2212]/gu,
    (char) => {
      const code = char.charCodeAt(0);
      const zero = DIGIT_ZEROS.find((start) => code >= start && code < start + 10);
      if (zero !== undefined) return String(code - zero);
      if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
      if (/[\u2010-\u2015\u2212]/.test(char)) return '-';
      if (/\s/u.test(char)) return ' ';
      return char;
    },
  );
}

/**
 * Finds PII in text, read through `normaliseForMatching`; overlapping findings keep the one
 * that starts first (then the longer one). Findings carry the original text.
 */
export function findPii(original: string, recognizers: PiiRecognizer[] = DEFAULT_RECOGNIZERS): PiiFinding[] {
  const text = normaliseForMatching(original);
  const found: PiiFinding[] = [];
  for (const recognizer of recognizers) {
    const pattern = new RegExp(
      recognizer.pattern.source,
      recognizer.pattern.flags.includes('g') ? recognizer.pattern.flags : `${recognizer.pattern.flags}g`,
    );
    for (const match of text.matchAll(pattern)) {
      const value = match[0];
      if (value.length === 0) continue;
      if (recognizer.validate && !recognizer.validate(value)) continue;
      found.push({
        entity: recognizer.entity,
        start: match.index,
        end: match.index + value.length,
        text: original.slice(match.index, match.index + value.length),
      });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: PiiFinding[] = [];
  for (const finding of found) {
    const last = kept.at(-1);
    if (last && finding.start < last.end) continue;
    kept.push(finding);
  }
  return kept;
}

/** The text with every finding replaced by `<ENTITY>`. */
export function maskPii(text: string, recognizers: PiiRecognizer[] = DEFAULT_RECOGNIZERS): string {
  const findings = findPii(text, recognizers);
  if (findings.length === 0) return text;
  let out = '';
  let at = 0;
  for (const finding of findings) {
    out += `${text.slice(at, finding.start)}<${finding.entity}>`;
    at = finding.end;
  }
  return out + text.slice(at);
}

/** A masker bound to a set of recognizers, for the places that mask (model input, logs, exports). */
export interface PiiMasker {
  mask(text: string): string;
  find(text: string): PiiFinding[];
}

export function createPiiMasker(extra: PiiRecognizer[] = []): PiiMasker {
  const recognizers = [...extra, ...DEFAULT_RECOGNIZERS];
  return { mask: (text) => maskPii(text, recognizers), find: (text) => findPii(text, recognizers) };
}
