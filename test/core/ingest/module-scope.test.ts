import { describe, expect, it } from 'vitest';
import { CommandNotAllowedError, ModuleNotAllowedError } from '#lib/core/ingest/errors.ts';
import { assertModuleInScope, isCommand } from '#lib/core/ingest/module-scope.ts';
import type { ProducerIdentity } from '#lib/core/producer-keys.ts';

const scoped: ProducerIdentity = { producer: 'line-3', sources: ['*'], modules: ['pump-7', 'line3.*'] };
const withCommands: ProducerIdentity = { ...scoped, commands: true };

describe('Function: assertModuleInScope', () => {
  it.each([
    ['state.TASK_START', 'pump-7'],
    ['state.FAULT', 'line3.press'],
    ['state.WARN', 'line3.'],
  ])('lets %s for %s through: the module is in scope', (type, module) => {
    expect(() => assertModuleInScope(scoped, { type, module })).not.toThrow();
  });

  it.each([
    ['state.TASK_START', 'pump-8'],
    ['state.TASK_START', 'pump-7x'],
    ['state.FAULT', 'line3'],
  ])('refuses %s for %s, naming the module', (type, module) => {
    // Act
    const act = () => assertModuleInScope(scoped, { type, module });

    // Assess
    expect(act).toThrow(ModuleNotAllowedError);
    expect(act).toThrow(`module: producer 'line-3' may not drive module '${module}'`);
  });

  it('refuses every module to a key with an empty scope (the default for new keys)', () => {
    expect(() =>
      assertModuleInScope(
        { producer: 'p', sources: ['*'], modules: [] },
        { type: 'state.WARN', module: 'm' },
      ),
    ).toThrow(ModuleNotAllowedError);
  });

  it.each(['state.EMERGENCY_STOP', 'state.INTERRUPT'])(
    'refuses the command %s in scope unless the key allows commands',
    (type) => {
      expect(() => assertModuleInScope(scoped, { type, module: 'pump-7' })).toThrow(CommandNotAllowedError);
      expect(() => assertModuleInScope(withCommands, { type, module: 'pump-7' })).not.toThrow();
    },
  );

  it('refuses a command out of scope as a module refusal, even with commands allowed', () => {
    expect(() =>
      assertModuleInScope(withCommands, { type: 'state.EMERGENCY_STOP', module: 'pump-8' }),
    ).toThrow(ModuleNotAllowedError);
  });

  it('lets a key stored before module scopes (no modules field) drive any module, commands included', () => {
    const legacy: ProducerIdentity = { producer: 'old', sources: ['*'] };
    expect(() => assertModuleInScope(legacy, { type: 'state.EMERGENCY_STOP', module: 'any' })).not.toThrow();
  });

  it('ignores events that are not state events', () => {
    expect(() =>
      assertModuleInScope({ producer: 'p', sources: ['*'], modules: [] }, { type: 'temperature.high' }),
    ).not.toThrow();
  });
});

describe('Function: isCommand', () => {
  it.each([
    ['state.EMERGENCY_STOP', true],
    ['state.INTERRUPT', true],
    ['state.PRIORITY_OVERRIDE', true],
    ['state.TASK_START', false],
    ['EMERGENCY_STOP', false],
  ])('decides %s → %s', (type, expected) => {
    expect(isCommand(type)).toBe(expected);
  });
});
