import { describe, expect, test } from 'vitest';
import type { Finding } from '../types/workflow';
import { findingNodeId, findingsByNode } from './findingBadges';

const finding = (over: Partial<Finding>): Finding => ({ severity: 'error', code: 'x', message: 'm', fix: 'f', ...over });

describe('findings → node badges', () => {
  const edges = [{ id: 'e1', source: 'send_1' }];

  test('groups errors and warnings by node, edge findings on their source node', () => {
    const findings = [
      finding({ node_id: 'send_1', code: 'missing_template' }),
      finding({ node_id: 'send_1', severity: 'warning', code: 'low_consent' }),
      finding({ edge_id: 'e1', code: 'dangling_edge' }),
      finding({ node_id: 'wait_1', severity: 'warning' }),
      finding({ code: 'no_trigger' }),
    ];
    const badges = findingsByNode(findings, edges);
    expect(Object.keys(badges).sort()).toEqual(['send_1', 'wait_1']);
    expect(badges.send_1.errors.map((f) => f.code)).toEqual(['missing_template', 'dangling_edge']);
    expect(badges.send_1.warnings.map((f) => f.code)).toEqual(['low_consent']);
    expect(badges.wait_1.errors).toEqual([]);
  });

  test('a finding points at its node, its edge’s source, or nothing', () => {
    expect(findingNodeId(finding({ node_id: 'a' }), edges)).toBe('a');
    expect(findingNodeId(finding({ edge_id: 'e1' }), edges)).toBe('send_1');
    expect(findingNodeId(finding({ edge_id: 'gone' }), edges)).toBeNull();
    expect(findingNodeId(finding({}), edges)).toBeNull();
  });
});
