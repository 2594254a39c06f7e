/** The words shared by the CLI, the server and the client (protocol/vocabulary.ts). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatSimulationText, toSimulationJson } from '../../cli/simulateReport';
import { simulationReport } from '../../client/src/reportMarkdown';
import type { SimulationResult, Via } from '../../core/evaluate/types';
import { escapeMarkdown } from '../../protocol/markdown';
import type { PoolSimulationResult } from '../../protocol/protocol';
import { roleNameOfArn, STATUS_MARKS, VIA_DESCRIPTIONS } from '../../protocol/vocabulary';
import { describeResult } from '../../server/src/features/jwtHover';

function result(via: Via, outcome: SimulationResult['outcome']): PoolSimulationResult {
  return {
    outcome,
    roleArn: outcome === 'role' ? 'arn:aws:iam::123456789012:role/Reader' : null,
    via,
    matchedRuleIndex: null,
    mappingKey: null,
    errorCode: outcome === 'error' ? 'NotAuthorizedException' : null,
    message: 'What happened.',
    trace: [
      { step: 'provider', status: 'pass', message: 'Checked.' },
      { step: 'rules', status: 'fail', message: 'No rule matched.' },
    ],
    assumptions: [],
    dependsOn: [],
    poolKey: 'us-east-1:pool',
    poolLabel: 'Pool',
  };
}

describe('one wording of via and of the step marks: CLI report, JWT hover, client report', () => {
  for (const [via, description] of Object.entries(VIA_DESCRIPTIONS) as Array<[Via, string]>) {
    test(via, () => {
      const outcome = via === 'ambiguous-resolution' ? 'deny' : 'role';
      const pool = result(via, outcome);
      const cli = formatSimulationText(toSimulationJson(pool, undefined), { configuration: 'roles.json', request: 'a request' });
      assert.ok(cli.includes(`Via:           ${via} (${description})`), cli);
      assert.ok(describeResult(pool).includes(escapeMarkdown(description)), describeResult(pool));
      const report = simulationReport('Simulation', { results: [pool], now: 0, nowIso: '1970-01-01T00:00:00Z' });
      assert.ok(report.includes(escapeMarkdown(description)), report);
      for (const mark of [STATUS_MARKS.pass, STATUS_MARKS.fail]) {
        assert.ok(cli.includes(`  ${mark} `), cli);
        assert.ok(report.includes(` ${mark} **`), report);
      }
    });
  }
});

describe('roleNameOfArn', () => {
  test('a role ARN gives the name after the path', () => {
    assert.equal(roleNameOfArn('arn:aws:iam::123456789012:role/Admin'), 'Admin');
    assert.equal(roleNameOfArn('arn:aws:iam::123456789012:role/service-role/teams/Admin'), 'Admin');
    assert.equal(roleNameOfArn('arn:aws:iam::${AWS::AccountId}:role/${RoleName}'), '${RoleName}');
  });
  test('what is not a role ARN with a name is shown whole', () => {
    for (const text of ['Admin', '${AdminRole.Arn}', 'arn:aws:iam::123456789012:user/x/Admin', 'arn:aws:iam::123456789012:role/', '?']) {
      assert.equal(roleNameOfArn(text), text);
    }
  });
  test('linear on a long ARN of slashes', () => {
    const arn = `arn:aws:iam::123456789012:role/${'/'.repeat(200_000)}`;
    const start = process.hrtime.bigint();
    assert.equal(roleNameOfArn(arn), arn);
    assert.ok(Number(process.hrtime.bigint() - start) / 1e6 < 200);
  });
});
