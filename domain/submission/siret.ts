/**
 * SIRET numbers (14 digits: the SIREN of the organisation + the NIC of the establishment).
 * INSEE's check: the Luhn sum of the 14 digits is a multiple of 10 — except for the
 * establishments of La Poste (SIREN 356 000 000), numbered beyond what Luhn allows, whose
 * digits add up to a multiple of 5.
 */
const LA_POSTE_SIREN = '356000000';

function luhnSum(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum;
}

/** True for 14 digits passing INSEE's check. */
export function isValidSiret(value: string): boolean {
  if (!/^\d{14}$/.test(value)) return false;
  if (value.startsWith(LA_POSTE_SIREN)) {
    const digitSum = [...value].reduce((s, c) => s + Number(c), 0);
    return digitSum % 5 === 0;
  }
  return luhnSum(value) % 10 === 0;
}

/** Completes 13 digits with the Luhn check digit (for building test data). */
export function withSiretCheckDigit(first13: string): string {
  if (!/^\d{13}$/.test(first13)) throw new RangeError(`13 digits expected: ${first13}`);
  for (let d = 0; d <= 9; d++) {
    const candidate = `${first13}${d}`;
    if (luhnSum(candidate) % 10 === 0) return candidate;
  }
  throw new Error('unreachable: one Luhn check digit always exists');
}
