import { describe, expect, it } from 'vitest';
import { compilePattern, matchesPattern } from '#lib/core/pattern.ts';

describe('Function: matchesPattern', () => {
  describe('nesting and arrays', () => {
    it('ANDs nested fields at every level', () => {
      // Prepare
      const pattern = { detail: { a: ['1'], b: { c: ['2'] } } };

      // Act & Assess
      expect(matchesPattern(pattern, { detail: { a: '1', b: { c: '2' } } })).toBe(true);
      expect(matchesPattern(pattern, { detail: { a: '1', b: { c: '3' } } })).toBe(false);
      expect(matchesPattern(pattern, { detail: { a: '1' } })).toBe(false);
    });

    it('does not match a leaf pattern against an object, nor a nested pattern against a scalar', () => {
      expect(matchesPattern({ detail: ['x'] }, { detail: { x: 1 } })).toBe(false);
      expect(matchesPattern({ detail: { x: ['1'] } }, { detail: 'x' })).toBe(false);
    });

    it('crushes arrays of objects: a nested pattern matches inside any element', () => {
      // Prepare
      const event = {
        employees: [
          { firstName: 'John', lastName: 'Doe' },
          { firstName: 'Anna', lastName: 'Smith' },
          { firstName: 'Peter', lastName: 'Jones' },
        ],
      };

      // Act & Assess
      expect(matchesPattern({ employees: { firstName: ['Anna'] } }, event)).toBe(true);
      expect(matchesPattern({ employees: { firstName: ['Anna'], lastName: ['Smith'] } }, event)).toBe(true);
    });

    it('refuses a match drawn from two different elements of the same array', () => {
      const event = {
        employees: [
          { firstName: 'John', lastName: 'Doe' },
          { firstName: 'Anna', lastName: 'Smith' },
          { firstName: 'Peter', lastName: 'Jones' },
        ],
      };

      expect(matchesPattern({ employees: { firstName: ['Anna'], lastName: ['Jones'] } }, event)).toBe(false);
    });

    it('crushes multi-level arrays and keeps them consistent', () => {
      // Prepare
      const event = {
        employees: [
          [
            { firstName: 'John', lastName: 'Doe' },
            { firstName: 'Anna', lastName: 'Smith' },
          ],
          [{ firstName: 'Peter', lastName: 'Jones' }],
        ],
      };

      // Act & Assess
      expect(matchesPattern({ employees: { firstName: ['Peter'] } }, event)).toBe(true);
      expect(matchesPattern({ employees: { firstName: ['Anna'], lastName: ['Smith'] } }, event)).toBe(true);
      expect(matchesPattern({ employees: { firstName: ['Anna'], lastName: ['Jones'] } }, event)).toBe(false);
    });

    it('allows fields from different arrays, or from an array and the envelope, to combine freely', () => {
      // Prepare
      const event = {
        source: 'app',
        orders: [{ id: 'o1' }, { id: 'o2' }],
        customers: [{ id: 'c1' }, { id: 'c2' }],
      };

      // Act & Assess
      expect(
        matchesPattern({ source: ['app'], orders: { id: ['o2'] }, customers: { id: ['c1'] } }, event),
      ).toBe(true);
    });

    it('keeps consistency through nested arrays inside one element', () => {
      // Prepare
      const event = {
        items: [
          {
            sku: 'a',
            tags: [
              { k: 'color', v: 'red' },
              { k: 'size', v: 'L' },
            ],
          },
          { sku: 'b', tags: [{ k: 'color', v: 'blue' }] },
        ],
      };

      // Act & Assess
      expect(matchesPattern({ items: { sku: ['a'], tags: { k: ['color'], v: ['red'] } } }, event)).toBe(true);
      expect(matchesPattern({ items: { sku: ['a'], tags: { k: ['color'], v: ['L'] } } }, event)).toBe(false);
      expect(matchesPattern({ items: { sku: ['b'], tags: { v: ['red'] } } }, event)).toBe(false);
    });

    it('matches scalars of an array regardless of position (no membership for scalar elements)', () => {
      const event = { a: [{ x: ['1', '2'] }, { x: ['3'] }], b: ['4', '5'] };

      expect(matchesPattern({ a: { x: ['2'] }, b: ['5'] }, event)).toBe(true);
    });

    it('evaluates exists:false against the array element already chosen by earlier (sorted) fields', () => {
      // Prepare: "arr.a" sorts before "arr.b", so arr.b must be absent from the element holding a = 2.
      const event = { arr: [{ a: 1, b: 'x' }, { a: 2 }] };

      // Act & Assess
      expect(matchesPattern({ arr: { a: [2], b: [{ exists: false }] } }, event)).toBe(true);
      expect(matchesPattern({ arr: { a: [1], b: [{ exists: false }] } }, event)).toBe(false);
    });

    it('evaluates exists:false before later fields are bound (event-ruler order)', () => {
      // Prepare: "arr.b" sorts before "arr.z"; when b is checked no element is chosen yet, and b exists.
      const event = { arr: [{ b: 'x', z: 1 }, { z: 2 }] };

      // Act & Assess
      expect(matchesPattern({ arr: { z: [2], b: [{ exists: false }] } }, event)).toBe(false);
    });

    it('handles many array elements without blowing up', () => {
      // Prepare
      const items = Array.from({ length: 300 }, (_, index) => ({ a: index, b: index, c: index }));
      const compiled = compilePattern({
        items: { a: [{ numeric: ['>=', 0] }], b: [{ numeric: ['>=', 0] }], c: [-1] },
      });

      // Act
      const matched = compiled.matches({ items });

      // Assess
      expect(matched).toBe(false);
    });
  });

  describe('dotted names', () => {
    it.each([
      [{ detail: { state: { status: ['running'] } } }, { detail: { state: { status: 'running' } } }],
      [{ detail: { 'state.status': ['running'] } }, { detail: { state: { status: 'running' } } }],
      [{ detail: { state: { status: ['running'] } } }, { detail: { 'state.status': 'running' } }],
      [{ 'detail.state.status': ['running'] }, { detail: { 'state.status': 'running' } }],
    ])('joins names with "." so %j matches %j', (pattern, event) => {
      expect(matchesPattern(pattern, event)).toBe(true);
    });

    it('does not match when the joined paths differ', () => {
      const event = { detail: { 'state.status': { status: 'running' } } };

      expect(matchesPattern({ detail: { state: { status: ['running'] } } }, event)).toBe(false);
    });

    it('keeps the last write when two spellings name the same path', () => {
      // Prepare
      const pattern = { a: { b: ['first'] }, 'a.b': ['second'] };

      // Act & Assess
      expect(matchesPattern(pattern, { a: { b: 'second' } })).toBe(true);
      expect(matchesPattern(pattern, { a: { b: 'first' } })).toBe(false);
    });

    it('is case-sensitive on field names', () => {
      expect(matchesPattern({ Source: ['aws.ec2'] }, { source: 'aws.ec2' })).toBe(false);
    });
  });

  describe('$or', () => {
    it('works at the root', () => {
      // Prepare
      const pattern = {
        source: ['aws.cloudwatch'],
        $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }],
      };

      // Act & Assess
      expect(matchesPattern(pattern, { source: 'aws.cloudwatch', namespace: 'AWS/EC2' })).toBe(true);
      expect(matchesPattern(pattern, { source: 'aws.cloudwatch', metricName: 'CPUUtilization' })).toBe(true);
      expect(matchesPattern(pattern, { source: 'aws.cloudwatch', namespace: 'AWS/ES' })).toBe(false);
      expect(matchesPattern(pattern, { source: 'other', namespace: 'AWS/EC2' })).toBe(false);
    });

    it('ANDs parallel $or arrays at different levels', () => {
      // Prepare
      const pattern = {
        $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
        detail: {
          $or: [{ source: ['aws.cloudwatch'] }, { 'detail-type': ['CloudWatch Alarm State Change'] }],
        },
      };

      // Act & Assess
      expect(matchesPattern(pattern, { namespace: 'AWS/ES', detail: { source: 'aws.cloudwatch' } })).toBe(
        true,
      );
      expect(matchesPattern(pattern, { namespace: 'AWS/ES', detail: { source: 'other' } })).toBe(false);
      expect(matchesPattern(pattern, { detail: { source: 'aws.cloudwatch' } })).toBe(false);
    });

    it('supports an AND inside a branch and a nested $or', () => {
      // Prepare
      const pattern = {
        source: ['aws.cloudwatch'],
        $or: [
          { metricName: ['CPUUtilization', 'ReadLatency'] },
          {
            metricType: ['MetricType'],
            namespace: ['AWS/EC2', 'AWS/ES'],
            $or: [{ metricId: [1234] }, { spaceId: [1000] }],
          },
          { scope: ['Service'] },
        ],
      };
      const base = { source: 'aws.cloudwatch' };

      // Act & Assess
      expect(compilePattern(pattern).combinations).toBe(4);
      expect(
        matchesPattern(pattern, { ...base, metricType: 'MetricType', namespace: 'AWS/ES', spaceId: 1000 }),
      ).toBe(true);
      expect(matchesPattern(pattern, { ...base, metricType: 'MetricType', namespace: 'AWS/ES' })).toBe(false);
      expect(matchesPattern(pattern, { ...base, metricType: 'MetricType', spaceId: 1000 })).toBe(false);
      expect(matchesPattern(pattern, { ...base, scope: 'Service' })).toBe(true);
    });

    it('lets a branch override a field written before the $or, and a later field override every branch', () => {
      // Prepare
      const overriddenInBranch = { a: ['x'], $or: [{ a: ['y'] }, { b: ['z'] }] };
      const overridingBranches = { $or: [{ a: ['y'] }, { b: ['z'] }], a: ['x'] };

      // Act & Assess
      expect(matchesPattern(overriddenInBranch, { a: 'y' })).toBe(true);
      expect(matchesPattern(overriddenInBranch, { a: 'x', b: 'z' })).toBe(true);
      expect(matchesPattern(overriddenInBranch, { a: 'x' })).toBe(false);
      expect(matchesPattern(overridingBranches, { a: 'x' })).toBe(true);
      expect(matchesPattern(overridingBranches, { a: 'y' })).toBe(false);
    });

    it('combines $or with exists in a branch', () => {
      // Prepare
      const pattern = { detail: { $or: [{ a: [{ exists: true }] }, { b: ['1'] }] } };

      // Act & Assess
      expect(matchesPattern(pattern, { detail: { a: null } })).toBe(true);
      expect(matchesPattern(pattern, { detail: { b: '1' } })).toBe(true);
      expect(matchesPattern(pattern, { detail: { b: '2' } })).toBe(false);
    });

    it('accepts exactly 1000 combinations', () => {
      // Prepare: 10 x 10 x 10 parallel $or at three levels.
      const ten = Array.from({ length: 10 }, (_, index) => ({ [`k${index}`]: ['v'] }));
      const pattern = { $or: ten, a: { $or: ten }, b: { $or: ten } };

      // Act
      const compiled = compilePattern(pattern);

      // Assess
      expect(compiled.combinations).toBe(1000);
      expect(compiled.matches({ k3: 'v', a: { k9: 'v' }, b: { k0: 'v' } })).toBe(true);
    });

    it('treats "$or" as a plain field name when it cannot be an $or (event-ruler legacy fallback)', () => {
      // Prepare
      const objectValued = { source: ['aws.cloudwatch'], $or: { metricType: ['MetricType'] } };
      const reservedNames = { $or: [{ numeric: ['>', 0] }, { prefix: 'abc' }] };

      // Act & Assess
      expect(
        matchesPattern(objectValued, { source: 'aws.cloudwatch', $or: { metricType: 'MetricType' } }),
      ).toBe(true);
      expect(matchesPattern(objectValued, { source: 'aws.cloudwatch', metricType: 'MetricType' })).toBe(
        false,
      );
      expect(matchesPattern(reservedNames, { $or: 5 })).toBe(true);
      expect(matchesPattern(reservedNames, { $or: 'abcd' })).toBe(true);
      expect(matchesPattern(reservedNames, { $or: 'xyz' })).toBe(false);
    });
  });
});
