// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${X}` here is CloudFormation Fn::Sub syntax, not a JS template
import { describe, expect, it } from 'vitest';
import { type ResolveContext, resolveIntrinsics, UnresolvableError } from '#lib/local/template/intrinsics.ts';

/** A resolve context over a few fake resources: `Ref` gives `local-<id>`, attributes `<id>#<attribute>`. */
function context(resources: readonly string[] = ['Table', 'Bus', 'Queue']): ResolveContext & {
  readonly getAtts: [string, string][];
} {
  const getAtts: [string, string][] = [];
  return {
    region: 'eu-west-3',
    accountId: '123456789012',
    stackName: 'Vigil',
    getAtts,
    ref: (logicalId) => (resources.includes(logicalId) ? `local-${logicalId}` : undefined),
    getAtt: (logicalId, attribute) => {
      getAtts.push([logicalId, attribute]);
      return resources.includes(logicalId) ? `${logicalId}#${attribute}` : undefined;
    },
  };
}

function resolveError(value: unknown): unknown {
  try {
    resolveIntrinsics(value, context());
  } catch (error) {
    return error;
  }
  throw new Error('expected resolveIntrinsics to throw');
}

describe('Function: resolveIntrinsics', () => {
  describe('Ref', () => {
    it('resolves a resource to its local physical id', () => {
      // Prepare
      const value = { TableName: { Ref: 'Table' } };

      // Act
      const resolved = resolveIntrinsics(value, context());

      // Assess
      expect(resolved).toEqual({ TableName: 'local-Table' });
    });

    it.each([
      ['AWS::Region', 'eu-west-3'],
      ['AWS::AccountId', '123456789012'],
      ['AWS::Partition', 'aws'],
      ['AWS::URLSuffix', 'amazonaws.com'],
      ['AWS::StackName', 'Vigil'],
      ['AWS::StackId', 'arn:aws:cloudformation:eu-west-3:123456789012:stack/Vigil/local'],
    ])('resolves the pseudo parameter %s', (name, expected) => {
      // Prepare
      const value = { Ref: name };

      // Act
      const resolved = resolveIntrinsics(value, context());

      // Assess
      expect(resolved).toBe(expected);
    });

    it('removes a property whose value is AWS::NoValue', () => {
      // Prepare
      const value = { Name: 'kept', Description: { Ref: 'AWS::NoValue' } };

      // Act
      const resolved = resolveIntrinsics(value, context());

      // Assess
      expect(resolved).toStrictEqual({ Name: 'kept' });
      expect(resolved).not.toHaveProperty('Description');
    });

    it('removes an array item whose value is AWS::NoValue', () => {
      // Prepare
      const value = { Items: ['a', { Ref: 'AWS::NoValue' }, { Ref: 'Bus' }] };

      // Act
      const resolved = resolveIntrinsics(value, context());

      // Assess
      expect(resolved).toEqual({ Items: ['a', 'local-Bus'] });
    });

    it('resolves a top-level AWS::NoValue to undefined', () => {
      // Prepare
      const value = { Ref: 'AWS::NoValue' };

      // Act
      const resolved = resolveIntrinsics(value, context());

      // Assess
      expect(resolved).toBeUndefined();
    });

    it('throws UnresolvableError for an unknown resource', () => {
      // Prepare
      const value = { Ref: 'Missing' };

      // Act
      const error = resolveError(value);

      // Assess
      expect(error).toBeInstanceOf(UnresolvableError);
      expect(error).toMatchObject({
        code: 'UNRESOLVABLE_INTRINSIC',
        message: expect.stringContaining('Missing'),
      });
    });
  });

  describe('Fn::GetAtt', () => {
    it.each([
      ['array form', { 'Fn::GetAtt': ['Queue', 'Arn'] }],
      ['dotted string form', { 'Fn::GetAtt': 'Queue.Arn' }],
    ])('resolves the %s', (_form, value) => {
      // Prepare
      const ctx = context();

      // Act
      const resolved = resolveIntrinsics(value, ctx);

      // Assess
      expect(resolved).toBe('Queue#Arn');
      expect(ctx.getAtts).toEqual([['Queue', 'Arn']]);
    });

    it('splits the dotted string form at the first dot only', () => {
      // Prepare
      const ctx = context();

      // Act
      const resolved = resolveIntrinsics({ 'Fn::GetAtt': 'Table.Endpoint.Address' }, ctx);

      // Assess
      expect(resolved).toBe('Table#Endpoint.Address');
      expect(ctx.getAtts).toEqual([['Table', 'Endpoint.Address']]);
    });

    it('throws UnresolvableError when the attribute is not available', () => {
      // Prepare
      const value = { 'Fn::GetAtt': ['Missing', 'Arn'] };

      // Act
      const error = resolveError(value);

      // Assess
      expect(error).toBeInstanceOf(UnresolvableError);
      expect((error as Error).message).toContain('Missing.Arn');
    });
  });

  describe('Fn::Join', () => {
    it('joins resolved parts with the separator', () => {
      // Prepare
      const value = {
        'Fn::Join': [
          ':',
          ['arn', { Ref: 'AWS::Partition' }, 'sqs', { Ref: 'AWS::Region' }, { Ref: 'Queue' }],
        ],
      };

      // Act
      const resolved = resolveIntrinsics(value, context());

      // Assess
      expect(resolved).toBe('arn:aws:sqs:eu-west-3:local-Queue');
    });

    it('joins an empty list to an empty string', () => {
      // Prepare
      const value = { 'Fn::Join': ['-', []] };

      // Act
      const resolved = resolveIntrinsics(value, context());

      // Assess
      expect(resolved).toBe('');
    });
  });

  describe('Fn::Sub', () => {
    it.each([
      ['a plain ${X} reference', 'table ${Table}', 'table local-Table'],
      ['a pseudo parameter', '${AWS::Region}-${AWS::AccountId}', 'eu-west-3-123456789012'],
      ['an attribute ${X.Arn}', 'queue ${Queue.Arn}', 'queue Queue#Arn'],
      ['a dotted attribute ${X.A.B}', 'db ${Table.Endpoint.Address}', 'db Table#Endpoint.Address'],
      ['the ${!Literal} escape', 'keep ${!Literal} as text', 'keep ${Literal} as text'],
      ['a string without placeholders', 'no placeholders', 'no placeholders'],
    ])('resolves %s', (_case, template, expected) => {
      // Prepare
      const value = { 'Fn::Sub': template };

      // Act
      const resolved = resolveIntrinsics(value, context());

      // Assess
      expect(resolved).toBe(expected);
    });

    it('resolves names from the variables map before resources', () => {
      // Prepare
      const value = {
        'Fn::Sub': ['${Prefix}/${Table}/${Bus}', { Prefix: { Ref: 'Queue' }, Table: 'overridden' }],
      };

      // Act
      const resolved = resolveIntrinsics(value, context());

      // Assess
      expect(resolved).toBe('local-Queue/overridden/local-Bus');
    });

    it('throws UnresolvableError for an unknown name', () => {
      // Prepare
      const value = { 'Fn::Sub': 'name ${Nowhere}' };

      // Act
      const error = resolveError(value);

      // Assess
      expect(error).toBeInstanceOf(UnresolvableError);
      expect((error as Error).message).toContain('Nowhere');
    });
  });

  describe('Fn::Select and Fn::Split', () => {
    it('selects an item by index', () => {
      // Prepare
      const value = { 'Fn::Select': [1, ['a', { Ref: 'Table' }, 'c']] };

      // Act
      const resolved = resolveIntrinsics(value, context());

      // Assess
      expect(resolved).toBe('local-Table');
    });

    it('splits a string by the separator', () => {
      // Prepare
      const value = { 'Fn::Split': ['|', 'a|b||c'] };

      // Act
      const resolved = resolveIntrinsics(value, context());

      // Assess
      expect(resolved).toEqual(['a', 'b', '', 'c']);
    });

    it('throws UnresolvableError for an index out of range', () => {
      // Prepare
      const value = { 'Fn::Select': [3, ['a', 'b']] };

      // Act
      const error = resolveError(value);

      // Assess
      expect(error).toBeInstanceOf(UnresolvableError);
    });
  });

  describe('nesting', () => {
    it('resolves intrinsics nested in each other and in plain structures', () => {
      // Prepare
      const value = {
        Environment: {
          Variables: {
            BUS: { Ref: 'Bus' },
            QUEUE_NAME: {
              'Fn::Select': [5, { 'Fn::Split': [':', { 'Fn::GetAtt': ['Queue', 'Arn'] }] }],
            },
            LOG: {
              'Fn::Join': [
                '',
                ['/', { 'Fn::Select': [0, { 'Fn::Split': ['-', { 'Fn::Sub': '${Table}-x' }] }] }],
              ],
            },
          },
        },
        Count: 3,
        Enabled: true,
        Nothing: null,
      };

      // Act
      const resolved = resolveIntrinsics(value, {
        ...context(),
        getAtt: () => 'arn:aws:sqs:eu-west-3:123456789012:orders',
      });

      // Assess
      expect(resolved).toEqual({
        Environment: { Variables: { BUS: 'local-Bus', QUEUE_NAME: 'orders', LOG: '/local' } },
        Count: 3,
        Enabled: true,
        Nothing: null,
      });
    });
  });

  describe('unsupported intrinsics', () => {
    it('throws UnresolvableError naming Fn::ImportValue', () => {
      // Prepare
      const value = { Table: { 'Fn::ImportValue': 'SharedTableName' } };

      // Act
      const error = resolveError(value);

      // Assess
      expect(error).toBeInstanceOf(UnresolvableError);
      expect((error as Error).message).toContain('Fn::ImportValue');
    });
  });
});
