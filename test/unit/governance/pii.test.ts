import { describe, expect, it } from 'vitest';
import {
  companyRecognizers,
  createPiiMasker,
  findPii,
  ibanValid,
  luhnValid,
  maskPii,
} from '../../../src/core/governance/pii.js';

describe('PII masking', () => {
  it.each([
    ['Write to ana.silva@brightwater.example today', 'Write to <EMAIL_ADDRESS> today'],
    ['Card 4111 1111 1111 1111 expired', 'Card <CREDIT_CARD> expired'],
    ['Card 4111-1111-1111-1111', 'Card <CREDIT_CARD>'],
    ['Pay PT50 0002 0123 1234 5678 9015 4 now', 'Pay <IBAN_CODE> now'],
    ['Pay GB82WEST12345698765432', 'Pay <IBAN_CODE>'],
    ['Host 10.0.0.12 is down', 'Host <IP_ADDRESS> is down'],
    ['IPv6 2001:0db8:85a3:0000:0000:8a2e:0370:7334 here', 'IPv6 <IP_ADDRESS> here'],
    ['MAC 00:1A:2B:3C:4D:5E', 'MAC <MAC_ADDRESS>'],
    ['SSN 123-45-6789', 'SSN <US_SSN>'],
    ['NINO AB 12 34 56 C', 'NINO <UK_NINO>'],
    ['Call +351 21 555 4357 please', 'Call <PHONE_NUMBER> please'],
    ['Call (416) 555-4357', 'Call <PHONE_NUMBER>'],
    ['passport number 123456789', '<US_PASSPORT>'],
    ['NIF 123456789', '<PT_NIF>'],
    ['Card 4111.1111.1111.1111 expired', 'Card <CREDIT_CARD> expired'],
    ['Card 4111/1111/1111/1111', 'Card <CREDIT_CARD>'],
    ['Card ４１１１ １１１１ １１１１ １１１１ (full width)', 'Card <CREDIT_CARD> (full width)'],
    ['Pay pt50 0002 0123 1234 5678 9015 4 now', 'Pay <IBAN_CODE> now'],
    ['Pay GB82-WEST-1234-5698-7654-32', 'Pay <IBAN_CODE>'],
    ['Call 555-1234 after lunch', 'Call <PHONE_NUMBER> after lunch'],
    ['Call 555 1234', 'Call <PHONE_NUMBER>'],
    ['Call ５５５−１２３４', 'Call <PHONE_NUMBER>'],
    ['Write to josé.garcía@correo.es', 'Write to <EMAIL_ADDRESS>'],
    ['Write to 用户@例子.广告 now', 'Write to <EMAIL_ADDRESS> now'],
    ['Write to ana＠brightwater.example', 'Write to <EMAIL_ADDRESS>'],
    ['My passport X12345678 expired', 'My <US_PASSPORT> expired'],
    ['passport number is X12345678', '<US_PASSPORT>'],
  ])('masks %s', (input, expected) => {
    expect(maskPii(input)).toBe(expected);
  });

  it.each([
    'We get 25 days of leave from 2026-01-01 until 31 March.',
    'Policy version 4.1, room 3.14, 1,500 EUR per year.',
    'Card 4111 1111 1111 1112 fails its checksum.',
    'The server 999.1.1.1 is not an address.',
    'Ticket INC-20231115 was closed.',
    'Opening hours 9.30-17.30, budget 2025-2026, section 3.1.4.',
  ])('leaves ordinary text alone: %s', (input) => {
    expect(maskPii(input)).toBe(input);
  });

  it('checks card and IBAN checksums', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(ibanValid('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(ibanValid('GB82 WEST 1234 5698 7654 33')).toBe(false);
  });

  it('reports where each finding is, without overlaps', () => {
    const text = 'mail a@b.io or call +1 416 555 4357';
    const findings = findPii(text);
    expect(findings.map((f) => f.entity)).toEqual(['EMAIL_ADDRESS', 'PHONE_NUMBER']);
    for (const f of findings) expect(text.slice(f.start, f.end)).toBe(f.text);
  });

  it('adds company patterns such as employee ids, and names a bad one', () => {
    const masker = createPiiMasker(companyRecognizers(['EMPLOYEE_ID=\\bBW-\\d{6}\\b']));
    expect(masker.mask('Employee BW-123456 asked')).toBe('Employee <EMPLOYEE_ID> asked');
    expect(() => companyRecognizers(['EMPLOYEE_ID=(unclosed'])).toThrow(/EMPLOYEE_ID/);
    expect(() => companyRecognizers(['no-equals-sign'])).toThrow(/NAME=regular-expression/);
  });
});
