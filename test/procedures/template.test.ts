import { describe, expect, it } from 'vitest';
import { isWarroomError } from '../../src/core/errors.js';
import { ExpressionError, parseTemplate, renderTemplate, type Scope } from '../../src/procedures/index.js';

const scope: Scope = {
  host: { name: 'acme-nyc-core01', tags: ['core', 'edge'], members: 2 },
  image: { file: 'cat9k_iosxe.17.09.05.SPA.bin' },
  window: { start: '2026-12-05T22:00:00-05:00' },
  target: { version: '17.09.05' },
  vars: { tftp: '192.0.2.5', empty: null },
  steps: { 'pre-check': { output: ' [OK] ' } },
};

describe('templates', () => {
  it('renders names from every namespace, with filters', () => {
    expect(
      renderTemplate(
        'copy running-config tftp://{{ vars.tftp }}/{{host.name}}.cfg at {{ window.start }} for {{ target.version }}',
        scope,
      ),
    ).toBe('copy running-config tftp://192.0.2.5/acme-nyc-core01.cfg at 2026-12-05T22:00:00-05:00 for 17.09.05');
    expect(renderTemplate('{{ host.name | upper }}', scope)).toBe('ACME-NYC-CORE01');
    expect(renderTemplate('[{{ steps.pre-check.output | trim | lower }}]', scope)).toBe('[[ok]]');
    expect(renderTemplate('{{ host.tags }} x{{ host.members }} {{ vars.empty }}.', scope)).toBe('core, edge x2 .');
    expect(renderTemplate('no variables', {})).toBe('no variables');
  });

  it('names the template and the variable when a variable is unknown', () => {
    try {
      renderTemplate('install add file flash:{{ image.fiel }}', scope);
      throw new Error('expected an error');
    } catch (error) {
      if (!isWarroomError(error)) throw error;
      expect(error.code).toBe('procedure_error');
      expect(error.message).toBe('unknown variable image.fiel in template "install add file flash:{{ image.fiel }}"');
    }
    expect(() => renderTemplate('{{ nothing.here }}', scope)).toThrow('unknown variable nothing.here');
  });

  it('reports malformed templates with the column', () => {
    const error = (source: string): string => {
      try {
        parseTemplate(source);
      } catch (e) {
        if (e instanceof ExpressionError) return e.message;
        throw e;
      }
      return 'no error';
    };
    expect(error('copy {{ host.name ')).toBe("'{{' is not closed by '}}' at column 6");
    expect(error('{{ }}')).toBe('empty {{ }}: expected a name such as host.name at column 1');
    expect(error('{{ host.name | shout }}')).toBe('unknown filter \'shout\' (known: upper, lower, trim) at column 16');
    expect(error('{{ host.name + 1 }}')).toBe("'host.name + 1' is not a name (expected e.g. host.name or vars.x) at column 4");
  });

  it('never evaluates code', () => {
    expect(() => renderTemplate('{{ constructor }}', scope)).toThrow('unknown variable constructor');
    expect(() => renderTemplate('{{ host.__proto__ }}', scope)).toThrow('unknown variable host.__proto__');
  });
});
