/**
 * The answer's JSON schema, validation (ajv) and salvage of damaged answers: code fences and prose around
 * the object are stripped, and an answer cut off at the output limit is repaired by closing it after the
 * last complete element, so the comments that did arrive are kept.
 */
import { Ajv } from 'ajv';
import { CATEGORY_IDS } from './rules.js';

export const AI_SEVERITIES = ['high', 'medium', 'low', 'info'] as const;

export interface AiComment {
  file: string;
  startLine: number;
  endLine: number;
  severity: (typeof AI_SEVERITIES)[number];
  category: string;
  message: string;
  confidence: number;
  replacement?: string | null;
}

export interface AiAnswer {
  summary?: { overview: string; risk: 'low' | 'medium' | 'high'; focus: string[] };
  comments: AiComment[];
}

const commentSchema = {
  type: 'object',
  properties: {
    file: { type: 'string', minLength: 1 },
    startLine: { type: 'integer', minimum: 1 },
    endLine: { type: 'integer', minimum: 1 },
    severity: { type: 'string', enum: [...AI_SEVERITIES] },
    category: { type: 'string', enum: CATEGORY_IDS },
    message: { type: 'string', minLength: 1 },
    confidence: { type: 'number', minimum: 0, maximum: 1 },
    replacement: { type: ['string', 'null'] },
  },
  required: ['file', 'startLine', 'endLine', 'severity', 'category', 'message', 'confidence'],
  additionalProperties: false,
} as const;

const summarySchema = {
  type: 'object',
  properties: {
    overview: { type: 'string' },
    risk: { type: 'string', enum: ['low', 'medium', 'high'] },
    focus: { type: 'array', items: { type: 'string' } },
  },
  required: ['overview', 'risk', 'focus'],
  additionalProperties: false,
} as const;

/** Sent to providers that enforce structured output. */
export const ANSWER_SCHEMA: Record<string, unknown> = {
  type: 'object',
  properties: { summary: summarySchema, comments: { type: 'array', items: commentSchema } },
  required: ['summary', 'comments'],
  additionalProperties: false,
};

const ajv = new Ajv({ allErrors: false, strict: false });
const validComment = ajv.compile(commentSchema);
const validSummary = ajv.compile(summarySchema);

export interface ParsedAnswer {
  answer: AiAnswer;
  /** The text had to be repaired (fences stripped or truncation closed). */
  salvaged: boolean;
  /** Comments dropped because they did not match the schema. */
  invalidComments: number;
}

/** Parse and validate; undefined when nothing usable could be recovered. */
export function parseAnswer(text: string): ParsedAnswer | undefined {
  const trimmed = text.trim();
  let salvaged = false;
  let value = tryJson(trimmed);
  if (value === undefined) {
    salvaged = true;
    const start = trimmed.indexOf('{');
    if (start < 0) return undefined;
    const body = trimmed.slice(start);
    const end = body.lastIndexOf('}');
    value = (end >= 0 ? tryJson(body.slice(0, end + 1)) : undefined) ?? repairTruncated(body);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const obj = value as Record<string, unknown>;
  if (!Array.isArray(obj.comments) && !obj.summary) return undefined;
  const comments: AiComment[] = [];
  let invalid = 0;
  for (const c of Array.isArray(obj.comments) ? obj.comments : []) {
    const normalised = normaliseComment(c);
    if (validComment(normalised)) comments.push(normalised as unknown as AiComment);
    else invalid++;
  }
  const summary = validSummary(obj.summary) ? (obj.summary as AiAnswer['summary']) : undefined;
  if (!summary && comments.length === 0 && invalid > 0) return undefined;
  if (!summary && !Array.isArray(obj.comments)) return undefined;
  return { answer: { summary, comments }, salvaged, invalidComments: invalid };
}

/** Small, safe normalisations models commonly need: endLine missing, numeric strings, case. */
function normaliseComment(c: unknown): unknown {
  if (!c || typeof c !== 'object') return c;
  const o = { ...(c as Record<string, unknown>) };
  for (const k of ['startLine', 'endLine', 'confidence']) if (typeof o[k] === 'string' && o[k] !== '' && !Number.isNaN(Number(o[k]))) o[k] = Number(o[k]);
  if (o.endLine === undefined && typeof o.startLine === 'number') o.endLine = o.startLine;
  if (typeof o.severity === 'string') o.severity = o.severity.toLowerCase();
  if (typeof o.category === 'string') o.category = o.category.toLowerCase();
  if (typeof o.startLine === 'number' && typeof o.endLine === 'number' && o.endLine < o.startLine) [o.startLine, o.endLine] = [o.endLine, o.startLine];
  return o;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Close a JSON text that was cut off: find every position just after a complete value inside a container,
 * and try, from the latest one backwards, to cut there and append the closing brackets still open.
 */
export function repairTruncated(text: string): unknown {
  const cuts: Array<{ pos: number; closers: string }> = [];
  const stack: string[] = [];
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') stack.push(ch === '{' ? '}' : ']');
    else if (ch === '}' || ch === ']') {
      stack.pop();
      if (stack.length === 0) return tryJson(text.slice(0, i + 1));
      cuts.push({ pos: i + 1, closers: [...stack].reverse().join('') });
    }
  }
  for (let k = cuts.length - 1; k >= 0 && k >= cuts.length - 200; k--) {
    const { pos, closers } = cuts[k]!;
    const v = tryJson(text.slice(0, pos) + closers);
    if (v !== undefined) return v;
  }
  return undefined;
}
