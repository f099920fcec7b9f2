/**
 * Secret-shaped test values, assembled at run time from a seed so that no credential-looking literal sits in the
 * test sources (GitHub push protection and our own scan stay quiet on this repository).
 */
import { makeRng } from './corpus.js';

const rng = makeRng(424242);
const draw = (set: string, n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += set[Math.floor(rng() * set.length)];
  return s;
};
export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const HEX = '0123456789abcdef';
export const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const B64 = ALNUM + '+/';

/** A prefix joined with random characters: fake('gh' + 'p_', ALNUM, 36). */
export const fake = (prefix: string, set: string, n: number): string => prefix + draw(set, n);

export const githubPat = () => fake(['g', 'h', 'p', '_'].join(''), ALNUM, 36);
export const awsKeyId = () => fake(['A', 'K', 'I', 'A'].join(''), B32, 16);
export const stripeLive = () => fake(['s', 'k', '_', 'l', 'i', 'v', 'e', '_'].join(''), ALNUM, 24);
export const slackBot = () => `${['x', 'o', 'x', 'b'].join('')}-${draw('0123456789', 11)}-${draw('0123456789', 12)}-${draw(ALNUM, 24)}`;

export function pemBlock(label = 'RSA PRIVATE KEY', lines = 6): string {
  const body = Array.from({ length: lines }, () => draw(B64, 64));
  const dash = '-'.repeat(5);
  return [`${dash}BEGIN ${label}${dash}`, ...body, `${draw(B64, 20)}==`, `${dash}END ${label}${dash}`].join('\n');
}
