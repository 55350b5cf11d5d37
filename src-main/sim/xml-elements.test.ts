import { describe, expect, it } from 'vitest';
import { isPraxisError } from '../api';
import { xmlChild, xmlChildren, xmlParse } from './xml-elements';

describe('xmlParse', () => {
  it('keeps element names, attributes and nesting, skipping declarations and comments', () => {
    const root = xmlParse(`<?xml version="1.0"?>
      <!-- a <robot> in a comment is ignored -->
      <robot name="arm">
        <link name='base'/>
        <joint name="j1" type="revolute"><axis xyz="0 0 1"/></joint>
      </robot>`);
    expect(root.name).toBe('robot');
    expect(root.attributes.name).toBe('arm');
    expect(xmlChild(root, 'link')?.attributes.name).toBe('base');
    const joints = xmlChildren(root, 'joint');
    expect(joints).toHaveLength(1);
    expect(xmlChild(joints[0], 'axis')?.attributes.xyz).toBe('0 0 1');
  });

  it('decodes entities in attribute values', () => {
    expect(xmlParse('<a title="x &lt; y &amp; &#65;"/>').attributes.title).toBe('x < y & A');
  });

  it('reports a mismatched closing tag with its line as INVALID_ARGUMENT', () => {
    try {
      xmlParse('<robot>\n<link>\n</joint>\n</robot>');
      expect.unreachable();
    } catch (e) {
      expect(isPraxisError(e) && e.code).toBe('INVALID_ARGUMENT');
      expect(isPraxisError(e) && e.details?.line).toBe(3);
    }
  });

  it('rejects an unclosed element and an empty document', () => {
    expect(() => xmlParse('<robot><link>')).toThrow(/never closed/);
    expect(() => xmlParse('<!-- nothing -->')).toThrow(/no root element/);
  });
});
