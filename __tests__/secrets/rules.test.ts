/**
 * Every rule's own examples: each true positive is found by exactly that rule, each false positive by none.
 * Examples live in the rule JSON (with NUL splitters, see types.ts), so no secret-shaped literal is in this file.
 */
import { describe, expect, it } from 'vitest';
import { detectSecrets } from '../../src/analyzers/secrets/detect.js';
import { compileRuleFiles, decodeExample, RULE_FILES, ruleSet } from '../../src/analyzers/secrets/ruleset.js';

const rs = ruleSet();

describe('secrets rule set', () => {
  it('has at least 150 rules with unique secrets/<kebab-id> ids, CWE-798 metadata and examples', () => {
    expect(rs.rules.length).toBeGreaterThanOrEqual(150);
    expect(new Set(rs.rules.map((r) => r.id)).size).toBe(rs.rules.length);
    for (const r of rs.rules) {
      expect(r.id).toMatch(/^secrets\/[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(r.data.tp.length).toBeGreaterThan(0);
      expect(r.data.description.length).toBeGreaterThan(20);
    }
  });

  it('rejects malformed rule data loudly', () => {
    const base = { id: 'x-rule', title: 'X', description: 'An example rule for the validation test.', regex: 'x(\\d{3})', keywords: ['x1'], severity: 'high', confidence: 'high', tp: ['x123'], fp: [] };
    const compile = (r: Record<string, unknown>) => () => compileRuleFiles([{ family: 'test', rules: [r as never] }]);
    expect(compile(base)).not.toThrow();
    expect(compile({ ...base, secretgroup: 1 })).toThrow(/unknown field "secretgroup"/);
    expect(compile({ ...base, id: 'Bad_Id' })).toThrow(/kebab-case/);
    expect(compile({ ...base, severity: 'severe' })).toThrow(/severity/);
    expect(compile({ ...base, keywords: ['X1'] })).toThrow(/lower-case/);
    expect(compile({ ...base, secretGroup: 2 })).toThrow(/secretGroup/);
    expect(compile({ ...base, regex: '(' })).toThrow();
    expect(() => compileRuleFiles([{ family: 't', rules: [base as never, base as never] }])).toThrow(/duplicate/);
  });

  it('covers every family the issue names', () => {
    const families = new Set(RULE_FILES.map((f) => f.family));
    for (const f of ['cloud', 'vcs-ci', 'chat-mail', 'payments', 'ai', 'saas', 'keys', 'urls', 'generic']) expect(families).toContain(f);
    const ids = new Set(rs.rules.map((r) => r.id));
    for (const id of ['aws-access-key-id', 'aws-secret-access-key', 'gcp-api-key', 'gcp-service-account-key-id', 'azure-storage-connection-string', 'digitalocean-pat', 'alibaba-access-key-id',
      'github-pat', 'github-fine-grained-pat', 'github-oauth-token', 'gitlab-pat', 'bitbucket-app-password', 'npm-access-token', 'pypi-upload-token', 'rubygems-api-key', 'dockerhub-pat',
      'slack-bot-token', 'slack-webhook-url', 'discord-webhook-url', 'telegram-bot-token', 'sendgrid-api-key', 'mailgun-private-key', 'twilio-api-key',
      'stripe-live-secret-key', 'square-access-token', 'braintree-access-token', 'openai-api-key', 'anthropic-api-key', 'huggingface-token', 'cohere-api-key',
      'datadog-api-key', 'newrelic-user-api-key', 'sentry-org-token', 'grafana-cloud-token', 'linear-api-key', 'postman-api-key', 'doppler-service-token', 'vault-service-token',
      'databricks-token', 'shopify-access-token', 'atlassian-api-token', 'private-key', 'openssh-private-key', 'pgp-private-key', 'jwt', 'url-credentials', 'connection-string-password',
      'generic-password', 'generic-secret']) expect(ids).toContain(`secrets/${id}`);
  });

  for (const rule of rs.rules) {
    describe(rule.id, () => {
      it('finds each true-positive example with exactly this rule', () => {
        for (const ex of rule.data.tp.map(decodeExample)) {
          const found = detectSecrets(ex).map((m) => m.rule.id);
          expect({ example: ex.slice(0, 120), found: [...new Set(found)] }).toEqual({ example: ex.slice(0, 120), found: [rule.id] });
        }
      });
      it('finds nothing in each false-positive example', () => {
        for (const ex of rule.data.fp.map(decodeExample)) {
          const found = detectSecrets(ex).map((m) => m.rule.id);
          expect({ example: ex.slice(0, 120), found }).toEqual({ example: ex.slice(0, 120), found: [] });
        }
      });
    });
  }
});
